package io.tiergate.classify.detect;

import io.tiergate.classify.FindingTypes;
import java.util.List;

/**
 * Cloud provider keys: AWS access key ids and secret keys, Google API keys, service-account key
 * ids and OAuth client secrets, Azure storage account keys, SAS signatures and Entra ID client
 * secrets. Formats as the providers document them (and as gitleaks' rules match them). A secret key
 * counts when assigned to its name, also as the value of a name/value pair ({@code - name:
 * AWS_SECRET_ACCESS_KEY} and {@code value: ...} in a Kubernetes env list, or an ECS task's JSON).
 */
public final class CloudKeyDetector extends RuleDetector {

    private static final String T = FindingTypes.CLOUD_KEY;
    private static final List<String> AWS_PREFIXES =
            List.of("AKIA", "ASIA", "ABIA", "ACCA", "AGPA", "AIDA", "AROA", "ANPA", "ANVA", "AIPA", "APKA");
    private static final List<Rule> RULES = List.of(
            Rule.of("aws-access-key-id", T, AWS_PREFIXES,
                    "\\b((?:AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA|APKA)[A-Z2-7]{16})\\b", 24, 0.95),
            Rule.of("aws-secret-access-key", T, List.of("secret_access_key", "secretaccesskey", "aws_secret", "secret-access-key"),
                    "(?i:aws_?secret_?access_?key|aws_?secret_?key|secret_?access_?key|secret-access-key)[\"']?\\s*(?:[:=]|=>|,?\\s{0,24}[\"']?(?i:value)[\"']?\\s*[:=])\\s*[\"']?([A-Za-z0-9/+]{40})(?:[^A-Za-z0-9/+=]|$)",
                    120, 0.95).reachingBack(16).accepting(v -> Texts.entropy(v) > 3.5),
            Rule.of("gcp-api-key", T, List.of("AIza"), "\\b(AIza[0-9A-Za-z_\\-]{35})(?:[^0-9A-Za-z_\\-]|$)", 45, 0.95),
            Rule.of("gcp-service-account-key-id", T, List.of("private_key_id"),
                    "\"private_key_id\"\\s*:\\s*\"([a-f0-9]{40})\"", 80, 0.95).reachingBack(2),
            Rule.of("gcp-oauth-client-secret", T, List.of("GOCSPX-"), "\\b(GOCSPX-[A-Za-z0-9_\\-]{28})(?:[^A-Za-z0-9_\\-]|$)", 40, 0.95),
            Rule.of("azure-storage-account-key", T, List.of("AccountKey"), "(?i:AccountKey)\\s*=\\s*([A-Za-z0-9+/]{86}==)", 110, 0.95),
            Rule.of("azure-sas-signature", T, List.of("sig="),
                    "\\bsv=\\d{4}-\\d{2}-\\d{2}&[^\\s\"'<>]*?\\bsig=([A-Za-z0-9%+/]{40,}(?:%3D|=)*)", 220, 0.9).reachingBack(440),
            Rule.of("azure-entra-client-secret", T, List.of("Q~"),
                    "(?:^|[\\s\"'=:(,>`])([A-Za-z0-9_~.]{3}\\dQ~[A-Za-z0-9_~.\\-]{31,34})(?:$|[\\s\"'<),`;])", 45, 0.9).reachingBack(6));

    public CloudKeyDetector() {
        super("cloud-key", RULES);
    }
}
