package io.tiergate.classify;

import io.tiergate.policy.Tier;
import java.util.Set;

/** The canonical finding types the classifier reports, grouped as the policy groups them. */
public final class FindingTypes {

    public static final String EMAIL = "EMAIL";
    public static final String PHONE = "PHONE";
    public static final String PAYMENT_CARD = "PAYMENT_CARD";
    public static final String IBAN = "IBAN";
    public static final String US_SSN = "US_SSN";
    public static final String UK_NINO = "UK_NINO";
    /** National identity numbers with a check digit: NL BSN, PL PESEL, BR CPF, ES DNI/NIE, IT codice fiscale, FR INSEE (NIR). */
    public static final String NATIONAL_ID = "NATIONAL_ID";
    public static final String IP_ADDRESS = "IP_ADDRESS";
    public static final String PERSON = "PERSON";
    public static final String STREET_ADDRESS = "STREET_ADDRESS";

    public static final String PRIVATE_KEY = "PRIVATE_KEY";
    public static final String CLOUD_KEY = "CLOUD_KEY";
    public static final String TOKEN = "TOKEN";
    public static final String PASSWORD = "PASSWORD";
    public static final String GENERIC_SECRET = "GENERIC_SECRET";

    public static final String SOURCE_CODE = "SOURCE_CODE";
    public static final String CUSTOMER_ID = "CUSTOMER_ID";

    /** The part of a text the engine could not scan within its time budget: Tier 2 until proven otherwise. */
    public static final String UNSCANNED = "UNSCANNED";

    /** Personal data: what the policy may let through redacted. */
    public static final Set<String> PERSONAL_DATA =
            Set.of(EMAIL, PHONE, PAYMENT_CARD, IBAN, US_SSN, UK_NINO, NATIONAL_ID, IP_ADDRESS, PERSON, STREET_ADDRESS);

    /** Credentials: never forwarded anywhere. */
    public static final Set<String> CREDENTIALS = Set.of(PRIVATE_KEY, CLOUD_KEY, TOKEN, PASSWORD, GENERIC_SECRET);

    /** Every type the built-in detectors report. */
    public static final Set<String> BUILT_IN = Set.of(EMAIL, PHONE, PAYMENT_CARD, IBAN, US_SSN, UK_NINO, NATIONAL_ID,
            IP_ADDRESS, PERSON, STREET_ADDRESS, PRIVATE_KEY, CLOUD_KEY, TOKEN, PASSWORD, GENERIC_SECRET, SOURCE_CODE, CUSTOMER_ID,
            UNSCANNED);

    private FindingTypes() {
    }

    /**
     * Which finding wins when two overlap: credentials over structured personal data over the
     * fuzzier types, so that {@code user:secret@host} is a password and not an e-mail address.
     */
    static int precedence(String type) {
        if (CREDENTIALS.contains(type)) {
            return 3;
        }
        return switch (type) {
            case PERSON, STREET_ADDRESS -> 1;
            default -> 2;
        };
    }

    /** Types whose spans contain other findings rather than compete with them. */
    static boolean isContainer(String type) {
        return SOURCE_CODE.equals(type) || UNSCANNED.equals(type);
    }
}
