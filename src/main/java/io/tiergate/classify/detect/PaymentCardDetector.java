package io.tiergate.classify.detect;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import io.tiergate.classify.Detector;
import io.tiergate.classify.Finding;
import io.tiergate.classify.FindingTypes;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.commons.validator.routines.checkdigit.LuhnCheckDigit;

/** Payment card numbers: 13 to 19 digits, optionally grouped by spaces or dashes, Luhn-checked. */
public final class PaymentCardDetector implements Detector {

    private static final Pattern CANDIDATE = Pattern.compile("\\b\\d(?:[ \\-]?\\d){12,18}\\b");

    @Override
    public String name() {
        return "payment-card";
    }

    @Override
    public String type() {
        return FindingTypes.PAYMENT_CARD;
    }

    @Override
    public Set<String> keywords() {
        return Set.of();
    }

    @Override
    public void detect(String text, Consumer<Finding> findings) {
        Matcher m = CANDIDATE.matcher(text);
        while (m.find()) {
            String digits = m.group().replace(" ", "").replace("-", "");
            if (digits.length() >= 13 && LuhnCheckDigit.LUHN_CHECK_DIGIT.isValid(digits)) {
                findings.accept(new Finding(type(), m.start(), m.end(), 0.95, name()));
            }
        }
    }
}
