package io.tiergate.classify;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** Builds the gateway's one classification engine from {@code tiergate.classify.*}, at start-up so that bad settings stop it. */
@Singleton
public class ClassifierProducer {

    @Produces
    @Singleton
    Classifier classifier(ClassifyConfig config) {
        try {
            return new Classifier(ClassifierSettings.from(config));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("Invalid classification settings: " + e.getMessage(), e);
        }
    }

    void checkAtStartup(@Observes StartupEvent event, Classifier classifier) {
        classifier.settings(); // builds the engine now, not on the first request
    }
}
