package io.tiergate.classify.detect;

import io.tiergate.classify.FindingTypes;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * API tokens of SaaS providers with a documented prefix (the providers gitleaks names a rule
 * after, see docs/CLASSIFICATION.md for the list and what is not covered), and HTTP Basic
 * credentials ({@code Authorization: Basic ...}, {@code curl -u user:password}). Each rule runs in
 * a slice at its prefix; variable-length bodies are matched with {@code +} and their length checked
 * afterwards (RE2J expands counted repetitions into states). Placeholders are refused by {@link Rule}.
 */
public final class ProviderTokenDetector extends RuleDetector {

    private static final String T = FindingTypes.TOKEN;
    private static final String B = "(?:[^A-Za-z0-9_\\-]|$)";
    private static final List<Rule> RULES = List.of(
            Rule.of("huggingface-token", T, List.of("hf_", "api_org_"), "\\b((?:hf_|api_org_)[A-Za-z]{34})" + B, 45, 0.95),
            Rule.of("databricks-token", T, List.of("dapi"), "\\b(dapi[a-f0-9]{32}(?:-\\d)?)" + B, 40, 0.95),
            Rule.of("twilio-api-key", T, List.of("SK"), "\\b(SK[0-9a-fA-F]{32})\\b", 36, 0.9),
            Rule.of("sendgrid-api-key", T, List.of("SG."), "\\b(SG\\.[A-Za-z0-9_\\-]{22}\\.[A-Za-z0-9_\\-]{43})" + B, 72, 0.99),
            Rule.of("digitalocean-token", T, List.of("dop_v1_", "doo_v1_", "dor_v1_"), "\\b(do[opr]_v1_[a-f0-9]{64})\\b", 73, 0.99),
            Rule.of("shopify-token", T, List.of("shpat_", "shpca_", "shppa_", "shpss_"), "\\b(shp(?:at|ca|pa|ss)_[a-fA-F0-9]{32})\\b", 40, 0.99),
            Rule.of("mailgun-key", T, List.of("key-", "pubkey-"), "\\b((?:pub)?key-[0-9a-f]{32})\\b", 42, 0.9).reachingBack(4),
            Rule.of("telegram-bot-token", T, List.of(":AA"), "(?:^|[^0-9])(\\d{8,10}:AA[A-Za-z0-9_\\-]{33})" + B, 40, 0.95).reachingBack(12),
            Rule.of("atlassian-api-token", T, List.of("ATATT3"), "\\b(ATATT3[A-Za-z0-9_\\-=]+)", 260, 0.99)
                    .accepting(v -> v.length() >= 150),
            Rule.of("notion-token", T, List.of("secret_", "ntn_"), "\\b(secret_[A-Za-z0-9]{43}|ntn_\\d{11}[A-Za-z0-9]{35})\\b", 52, 0.9)
                    .accepting(v -> Texts.characterClasses(v) == 3),
            Rule.of("doppler-token", T, List.of("dp.pt.", "dp.st.", "dp.ct.", "dp.sa.", "dp.scim."),
                    "\\b(dp\\.(?:pt|st|ct|sa|scim)\\.[A-Za-z0-9]{40,44})\\b", 60, 0.99),
            Rule.of("pulumi-token", T, List.of("pul-"), "\\b(pul-[a-f0-9]{40})\\b", 46, 0.99),
            Rule.of("grafana-token", T, List.of("glc_", "glsa_"),
                    "\\b(glc_[A-Za-z0-9+/]+={0,2}|glsa_[A-Za-z0-9]{32}_[A-Fa-f0-9]{8})", 420, 0.99).accepting(v -> v.length() >= 36),
            Rule.of("new-relic-key", T, List.of("NRAK-", "NRII-", "NRJS-"), "\\b(NR(?:AK|II|JS)-[A-Za-z0-9]{19,32})\\b", 40, 0.95),
            Rule.of("postman-api-key", T, List.of("PMAK-"), "\\b(PMAK-[a-fA-F0-9]{24}-[a-fA-F0-9]{34})\\b", 65, 0.99),
            Rule.of("square-token", T, List.of("sq0atp-", "sq0csp-", "EAAA"),
                    "\\b((?:sq0atp|sq0csp)-[0-9A-Za-z_\\-]{22,43}|EAAA[A-Za-z0-9_\\-+=]{60})" + B, 70, 0.9)
                    .accepting(v -> Texts.entropy(v) > 3.5),
            Rule.of("vault-token", T, List.of("hvs.", "hvb."), "\\b(hv[sb]\\.[A-Za-z0-9_\\-]+)", 300, 0.95).accepting(v -> v.length() >= 90),
            Rule.of("terraform-cloud-token", T, List.of(".atlasv1."), "\\b([A-Za-z0-9]{14}\\.atlasv1\\.[A-Za-z0-9_=\\-]{60,70})" + B, 80, 0.99)
                    .reachingBack(15),
            Rule.of("age-secret-key", T, List.of("AGE-SECRET-KEY-1"), "(AGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58})", 75, 0.99),
            Rule.of("planetscale-token", T, List.of("pscale_"), "\\b(pscale_(?:tkn|pw|oauth)_[A-Za-z0-9_\\-.=]{32,64})" + B, 80, 0.99),
            Rule.of("supabase-token", T, List.of("sbp_"), "\\b(sbp_[a-f0-9]{40})\\b", 46, 0.99),
            Rule.of("sentry-token", T, List.of("sntrys_", "sntryu_"), "\\b(sntrys_eyJ[A-Za-z0-9_=\\-]+|sntryu_[a-f0-9]{64})", 400, 0.99)
                    .accepting(v -> v.length() >= 70),
            Rule.of("rubygems-token", T, List.of("rubygems_"), "\\b(rubygems_[a-f0-9]{48})\\b", 58, 0.99),
            Rule.of("shippo-token", T, List.of("shippo_"), "\\b(shippo_(?:live|test)_[a-fA-F0-9]{40})\\b", 54, 0.99),
            Rule.of("flutterwave-key", T, List.of("FLWSECK", "FLWPUBK"), "\\b(FLW(?:SECK|PUBK)(?:_TEST)?-[a-h0-9]{32}-X)\\b", 52, 0.99),
            Rule.of("dynatrace-token", T, List.of("dt0c01."), "\\b(dt0c01\\.(?i:[a-z0-9]{24})\\.(?i:[a-z0-9]{64}))\\b", 100, 0.99),
            Rule.of("alibaba-access-key", T, List.of("LTAI"), "\\b(LTAI[A-Za-z0-9]{20})\\b", 26, 0.95),
            Rule.of("mailchimp-key", T, List.of("-us"), "\\b([0-9a-f]{32}-us\\d{1,2})\\b", 6, 0.95).reachingBack(33),
            Rule.of("discord-webhook", T, List.of("discord.com/api/webhooks/", "discordapp.com/api/webhooks/"),
                    "(https://(?:discord|discordapp)\\.com/api/webhooks/\\d{17,20}/[A-Za-z0-9_\\-]{60,68})" + B, 120, 0.99).reachingBack(9),
            Rule.of("easypost-key", T, List.of("EZAK", "EZTK"), "\\b(EZ[AT]K[A-Za-z0-9]{54})\\b", 60, 0.99),
            Rule.of("prefect-key", T, List.of("pnu_"), "\\b(pnu_[A-Za-z0-9]{36})\\b", 42, 0.95),
            Rule.of("readme-key", T, List.of("rdme_"), "\\b(rdme_[a-z0-9]{70})\\b", 77, 0.99),
            Rule.of("clojars-token", T, List.of("CLOJARS_"), "(CLOJARS_[a-z0-9]{60})\\b", 70, 0.99),
            Rule.of("frameio-token", T, List.of("fio-u-"), "\\b(fio-u-[A-Za-z0-9_\\-=]{64})" + B, 72, 0.99),
            Rule.of("typeform-token", T, List.of("tfp_"), "\\b(tfp_[A-Za-z0-9_\\-.=]{59})" + B, 65, 0.99),
            Rule.of("artifactory-key", T, List.of("AKCp", "cmVmdGtu"), "\\b(AKCp[A-Za-z0-9]{69}|cmVmdGtu[A-Za-z0-9]{56})\\b", 75, 0.99),
            Rule.of("flyio-token", T, List.of("fo1_", "fm1r_", "fm2_"), "\\b((?:fo1|fm1r|fm2)_[A-Za-z0-9_\\-]{43,})" + B, 300, 0.95),
            Rule.of("linear-api-key", T, List.of("lin_api_"), "\\b(lin_api_[A-Za-z0-9]{40})\\b", 50, 0.99),
            Rule.of("heroku-api-key", T, List.of("HRKU-"), "\\b(HRKU-[A-Za-z0-9_\\-]{60})" + B, 70, 0.99),
            Rule.of("openai-admin-or-project", T, List.of("sk-ant-"), "\\b(sk-ant-(?:api|admin|sid)\\d\\d-[A-Za-z0-9_\\-]{80,100}AA)" + B, 120, 0.99),
            Rule.of("http-basic-header", T, List.of("basic"),
                    "(?i:authorization[\"']?\\s{0,4}[:=]?\\s{0,4}[\"']?\\s{0,4}basic)\\s{1,4}([A-Za-z0-9+/]{8,}={0,2})", 400, 0.95)
                    .reachingBack(32).accepting(ProviderTokenDetector::basicCredentials),
            Rule.of("curl-user", FindingTypes.PASSWORD, List.of(" -u ", "--user"),
                    "(?:\\s-u|--user)[ =][\"']?[A-Za-z0-9._@\\-]{1,64}:([^\\s\"'@]{4,128})", 210, 0.9)
                    .reachingBack(1).accepting(PasswordDetector::plausiblePassword));

    public ProviderTokenDetector() {
        super("provider-token", RULES);
    }

    /** A trailing word that starts with a token prefix ({@code glsa_}, {@code hf_}, ...; case as written) or could still become one. */
    @Override
    public Hold holdBack(String text) {
        int start = text.length();
        while (start > 0 && text.length() - start < 512 && !Character.isWhitespace(text.charAt(start - 1))
                && text.charAt(start - 1) != '"' && text.charAt(start - 1) != '\'') {
            start--;
        }
        String word = text.substring(start);
        if (word.isEmpty()) {
            return Hold.NONE;
        }
        for (String keyword : keywords()) {
            if (word.length() >= keyword.length() ? word.startsWith(keyword) : word.length() >= 3 && keyword.startsWith(word)) {
                return new Hold(word.length(), FindingTypes.TOKEN);
            }
        }
        return Hold.NONE;
    }

    /** Base64 of {@code user:password} with printable characters and a real password. */
    static boolean basicCredentials(String value) {
        try {
            String decoded = new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            if (colon < 1 || colon == decoded.length() - 1) {
                return false;
            }
            for (int i = 0; i < decoded.length(); i++) {
                if (decoded.charAt(i) < 0x20 || decoded.charAt(i) == 0xFFFD) {
                    return false;
                }
            }
            return PasswordDetector.plausiblePassword(decoded.substring(colon + 1));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
