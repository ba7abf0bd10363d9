package io.tiergate.access;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;
import jakarta.inject.Inject;
import java.io.PrintWriter;
import java.util.Arrays;

/**
 * The gateway's entry point: without arguments it serves until stopped; {@code rekey-subjects ...}
 * runs the one-off subject re-key instead and exits ({@code scripts/rekey-subjects.sh}).
 */
@QuarkusMain
public class TiergateMain implements QuarkusApplication {

    @Inject
    SubjectRekey rekey;

    @Override
    public int run(String... args) {
        if (args.length > 0 && "rekey-subjects".equals(args[0])) {
            return RekeySubjectsCommand.run(rekey, System::getenv, new PrintWriter(System.out, true), new PrintWriter(System.err, true),
                    Arrays.copyOfRange(args, 1, args.length));
        }
        Quarkus.waitForExit();
        return 0;
    }
}
