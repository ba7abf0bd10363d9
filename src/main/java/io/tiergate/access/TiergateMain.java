package io.tiergate.access;

import io.quarkus.arc.Arc;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;
import io.tiergate.capture.CaptureMaintenance;
import java.io.PrintWriter;
import java.util.Arrays;

/**
 * The gateway's entry point: without arguments it serves until stopped; {@code rekey-subjects ...}
 * runs the one-off subject re-key instead and exits ({@code scripts/rekey-subjects.sh});
 * {@code migrate} exits with 0 once started, i.e. once Flyway has migrated (the k8s migration Job);
 * {@code captures-maintain} creates the capture store's partitions ahead and drops expired ones, as
 * the owning role ({@link CaptureMaintenance}; the k8s CronJob, a step of the local run).
 */
@QuarkusMain
public class TiergateMain implements QuarkusApplication {

    @Override
    public int run(String... args) {
        if (args.length > 0 && "rekey-subjects".equals(args[0])) {
            // Looked up only for the command: the serving and init-and-exit (migration Job) starts need no bean of it.
            SubjectRekey rekey = Arc.container().instance(SubjectRekey.class).get();
            return RekeySubjectsCommand.run(rekey, System::getenv, new PrintWriter(System.out, true), new PrintWriter(System.err, true),
                    Arrays.copyOfRange(args, 1, args.length));
        }
        if (args.length > 0 && "captures-maintain".equals(args[0])) {
            return Arc.container().instance(CaptureMaintenance.class).get().runCommand(new PrintWriter(System.out, true));
        }
        if (args.length > 0 && "migrate".equals(args[0])) {
            return 0;
        }
        Quarkus.waitForExit();
        return 0;
    }
}
