package io.tiergate.access;

import io.tiergate.identity.KeycloakUsers;
import java.io.PrintWriter;
import java.net.URI;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code rekey-subjects}: the one-off re-key of stored usernames to subject keys against Keycloak
 * ({@link SubjectRekey}). Passwords and secrets come from the environment, never the command line.
 * Exit 0 when done, 1 when the identity provider could not answer (nothing changed), 2 on usage.
 */
@Command(name = "rekey-subjects", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Re-keys access requests, approvals and grants from usernames to issuer#sub.",
                "Known usernames get their key; for unknown ones pending requests and active grants expire, with audit events.",
                "Password: TIERGATE_KEYCLOAK_PASSWORD; or a client secret: TIERGATE_KEYCLOAK_CLIENT_SECRET."})
final class RekeySubjectsCommand implements Callable<Integer> {

    @Option(names = "--keycloak-url", required = true, description = "Keycloak's base URL, e.g. http://127.0.0.1:8180")
    URI keycloak;

    @Option(names = "--realm", defaultValue = "tiergate", description = "The realm of Tiergate's users (default: ${DEFAULT-VALUE})")
    String realm;

    @Option(names = "--issuer", description = "The issuer of the realm's tokens as the gateway sees it "
            + "(default: <keycloak-url>/realms/<realm>)")
    String issuer;

    @Option(names = "--admin-realm", defaultValue = "master", description = "Realm to sign in to (default: ${DEFAULT-VALUE})")
    String adminRealm;

    @Option(names = "--client-id", defaultValue = "admin-cli", description = "Client to sign in with (default: ${DEFAULT-VALUE})")
    String clientId;

    @Option(names = "--admin-user", defaultValue = "admin", description = "User with the realm's view-users role, "
            + "for the password grant (default: ${DEFAULT-VALUE})")
    String adminUser;

    @Option(names = "--dry-run", description = "Look every username up and report, change nothing")
    boolean dryRun;

    private final SubjectRekey rekey;
    private final Function<String, String> env;
    private final PrintWriter out;

    RekeySubjectsCommand(SubjectRekey rekey, Function<String, String> env, PrintWriter out) {
        this.rekey = rekey;
        this.env = env;
        this.out = out;
    }

    /** Parses {@code args} and runs with the environment {@code env}; returns the exit code. */
    static int run(SubjectRekey rekey, Function<String, String> env, PrintWriter out, PrintWriter err, String... args) {
        CommandLine line = new CommandLine(new RekeySubjectsCommand(rekey, env, out)).setOut(out).setErr(err);
        int code = line.execute(args);
        out.flush();
        err.flush();
        return code == CommandLine.ExitCode.USAGE ? 2 : code;
    }

    @Override
    public Integer call() {
        KeycloakUsers.Credentials credentials = new KeycloakUsers.Credentials(adminRealm, clientId, adminUser,
                env.apply("TIERGATE_KEYCLOAK_PASSWORD"), env.apply("TIERGATE_KEYCLOAK_CLIENT_SECRET"));
        try {
            KeycloakUsers users = KeycloakUsers.signIn(keycloak, realm, credentials);
            SubjectRekey.Report report = rekey.rekey(issuer != null ? issuer : KeycloakUsers.issuerOf(keycloak, realm), users::subOf,
                    dryRun);
            report.mapped().forEach((name, key) -> out.println((dryRun ? "would map " : "mapped ") + name + " -> " + key));
            report.unmapped().forEach(name -> out.println((dryRun ? "unknown (would expire) " : "unknown (expired) ") + name));
            out.println(report.mapped().size() + " mapped, " + report.unmapped().size() + " unknown; " + report.expiredRequests()
                    + " pending request(s) and " + report.expiredGrants() + " active grant(s) expired" + (dryRun ? " (dry run)" : ""));
            return 0;
        } catch (KeycloakUsers.DirectoryException e) {
            out.println("the identity provider could not answer (" + e.getMessage() + "): nothing was changed");
            return 1;
        }
    }
}
