package io.tiergate.classify.detect;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import io.tiergate.classify.Detector;
import io.tiergate.classify.Finding;
import io.tiergate.classify.FindingTypes;
import java.util.Set;
import java.util.function.Consumer;

/**
 * PEM and OpenSSH private key blocks. The span covers the whole block, or runs to the end of
 * the text when the END line is missing (a pasted, truncated key is still a key).
 */
public final class PrivateKeyDetector implements Detector {

    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN [A-Z0-9 ]{0,40}PRIVATE KEY(?: BLOCK)?-----(?s:.*?)(?:-----END [A-Z0-9 ]{0,40}PRIVATE KEY(?: BLOCK)?-----|\\z)");

    @Override
    public String name() {
        return "pem-private-key";
    }

    @Override
    public String type() {
        return FindingTypes.PRIVATE_KEY;
    }

    @Override
    public Set<String> keywords() {
        return Set.of("PRIVATE KEY");
    }

    @Override
    public void detect(String text, Consumer<Finding> findings) {
        Matcher m = BLOCK.matcher(text);
        while (m.find()) {
            findings.accept(new Finding(type(), m.start(), m.end(), 0.99, name()));
        }
    }
}
