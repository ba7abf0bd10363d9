package io.tiergate.classify;

/** The canonical finding types the classifier reports. */
public final class FindingTypes {

    public static final String EMAIL = "EMAIL";
    public static final String PAYMENT_CARD = "PAYMENT_CARD";
    public static final String PRIVATE_KEY = "PRIVATE_KEY";
    public static final String CLOUD_KEY = "CLOUD_KEY";

    private FindingTypes() {
    }
}
