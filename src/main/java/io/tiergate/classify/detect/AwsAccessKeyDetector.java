package io.tiergate.classify.detect;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import io.tiergate.classify.Detector;
import io.tiergate.classify.Finding;
import io.tiergate.classify.FindingTypes;
import java.util.Set;
import java.util.function.Consumer;

/** AWS access key ids (long-term {@code AKIA}, temporary {@code ASIA} and the other documented prefixes). */
public final class AwsAccessKeyDetector implements Detector {

    private static final Pattern KEY_ID = Pattern.compile("\\b(?:AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA)[A-Z2-7]{16}\\b");

    @Override
    public String name() {
        return "aws-access-key-id";
    }

    @Override
    public String type() {
        return FindingTypes.CLOUD_KEY;
    }

    @Override
    public Set<String> keywords() {
        return Set.of("AKIA", "ASIA", "ABIA", "ACCA", "AGPA", "AIDA", "AROA", "ANPA", "ANVA", "AIPA");
    }

    @Override
    public void detect(String text, Consumer<Finding> findings) {
        Matcher m = KEY_ID.matcher(text);
        while (m.find()) {
            findings.accept(new Finding(type(), m.start(), m.end(), 0.95, name()));
        }
    }
}
