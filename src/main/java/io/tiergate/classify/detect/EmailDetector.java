package io.tiergate.classify.detect;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import io.tiergate.classify.Detector;
import io.tiergate.classify.Finding;
import io.tiergate.classify.FindingTypes;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.commons.validator.routines.EmailValidator;

/** E-mail addresses: a linear-time candidate pattern, confirmed by commons-validator (known TLDs). */
public final class EmailDetector implements Detector {

    private static final Pattern CANDIDATE =
            Pattern.compile("[A-Za-z0-9._%+\\-]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9\\-]{0,62}\\.)+[A-Za-z]{2,24}");
    private static final EmailValidator VALIDATOR = EmailValidator.getInstance(false, false);

    @Override
    public String name() {
        return "email";
    }

    @Override
    public String type() {
        return FindingTypes.EMAIL;
    }

    @Override
    public Set<String> keywords() {
        return Set.of("@");
    }

    @Override
    public void detect(String text, Consumer<Finding> findings) {
        Matcher m = CANDIDATE.matcher(text);
        while (m.find()) {
            if (VALIDATOR.isValid(m.group())) {
                findings.accept(new Finding(type(), m.start(), m.end(), 0.99, name()));
            }
        }
    }
}
