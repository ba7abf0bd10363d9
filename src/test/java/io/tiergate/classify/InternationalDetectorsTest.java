package io.tiergate.classify;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The detectors of issue 11: national ids, card ranges, national phone formats, addresses, names, provider tokens. */
class InternationalDetectorsTest {

    static final Classifier classifier = new Classifier();

    static List<String> found(String text) {
        return classifier.classify(text).findings().stream().map(f -> f.type() + "=" + text.substring(f.start(), f.end())).toList();
    }

    @Test
    void findsNationalIdsByTheirCheckDigits() {
        assertThat(found("DNI: 47603202X")).containsExactly("NATIONAL_ID=47603202X");
        assertThat(found("NIE X3732447F please")).containsExactly("NATIONAL_ID=X3732447F");
        assertThat(found("Codice fiscale: PRPGLS76C48C648M")).containsExactly("NATIONAL_ID=PRPGLS76C48C648M");
        assertThat(found("numéro INSEE 248047654018431")).containsExactly("NATIONAL_ID=248047654018431");
        assertThat(found("CPF 421.272.365-48")).containsExactly("NATIONAL_ID=421.272.365-48");
        assertThat(found("PESEL: 57101139230")).containsExactly("NATIONAL_ID=57101139230");
        assertThat(found("BSN: 693415800")).containsExactly("NATIONAL_ID=693415800");
    }

    @Test
    void refusesNationalIdsWithAWrongCheckDigitOrWithoutContext() {
        assertThat(found("DNI: 47603202Y")).isEmpty();
        assertThat(found("Codice fiscale: PRPGLS76C48C648N")).isEmpty();
        assertThat(found("CPF 421.272.365-49")).isEmpty();
        assertThat(found("BSN: 693415801")).isEmpty();
        assertThat(found("order 693415800 shipped")).isEmpty(); // a bare nine-digit number needs a context word
        assertThat(found("nie ma 693415800 paczek")).isEmpty(); // Polish "nie" is no NIE
    }

    @Test
    void findsCardsOfEveryLengthTheirBrandIssues() {
        assertThat(found("Maestro 630463923320")).containsExactly("PAYMENT_CARD=630463923320");
        assertThat(found("JCB 213146881973691")).containsExactly("PAYMENT_CARD=213146881973691");
        assertThat(found("order 630463923321")).isEmpty(); // Luhn
        assertThat(found("call +56 9 4111 1111 1111")).noneMatch(f -> f.startsWith("PAYMENT_CARD"));
    }

    @Test
    void findsNationalPhoneFormatsAfterAPhoneWordInTheirLanguage() {
        assertThat(found("Rufen Sie mich an unter 030 901820")).containsExactly("PHONE=030 901820");
        assertThat(found("電話番号は090-1234-5678。")).containsExactly("PHONE=090-1234-5678");
        assertThat(found("Puhelin: 040 1234567")).containsExactly("PHONE=040 1234567");
        assertThat(found("the hotel has 0401234567 rooms")).isEmpty(); // "hotel" holds no phone word
        assertThat(found("Build 0401234567 passed")).isEmpty();
    }

    @Test
    void findsStreetAddressesOfOtherCountries() {
        assertThat(found("Anschrift: Hauptstraße 12a, 10115 Berlin.")).containsExactly("STREET_ADDRESS=Hauptstraße 12a, 10115 Berlin");
        assertThat(found("J'habite au 44, rue de Prévost.")).containsExactly("STREET_ADDRESS=44, rue de Prévost");
        assertThat(found("Abito in Piazza Argento, 48")).containsExactly("STREET_ADDRESS=Piazza Argento, 48");
        assertThat(found("Mieszkam przy ul. Wieniawskiego 43")).containsExactly("STREET_ADDRESS=ul. Wieniawskiego 43");
        assertThat(found("住所:大分県山武郡芝山町箪笥町2丁目17番8号")).containsExactly("STREET_ADDRESS=大分県山武郡芝山町箪笥町2丁目17番8号");
        assertThat(found("During 2024 we shipped more. Monitoring 3 services is enough.")).isEmpty();
    }

    @Test
    void findsNamesOfOtherCountriesAfterTheirCues() {
        assertThat(found("Mein Name ist Ole Atzler.")).containsExactly("PERSON=Ole Atzler");
        assertThat(found("Mit freundlichen Grüßen,\nFriedhilde Pruschke\n")).containsExactly("PERSON=Friedhilde Pruschke");
        assertThat(found("私の名前は佐藤 健一。")).containsExactly("PERSON=佐藤 健一");
        assertThat(found("Hallo, Meine Kartennummer kommt gleich.")).isEmpty();
    }

    @Test
    void findsProviderTokensAndBasicCredentials() {
        for (String token : List.of("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", "dapi251908fcdce4b314f68d9dcbd7a085a3",
                "SK68932ff2b2d409dd311ca871902316d9", "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",
                "123456789:AArVFbLd9Rb9xqODtLMulxluWx2MqtYygX0")) {
            assertThat(found("my key " + token + " fails")).containsExactly("TOKEN=" + token);
        }
        assertThat(found("Authorization: Basic ZGVwbG95OlhrMjlmTHE4MW1a")).containsExactly("TOKEN=ZGVwbG95OlhrMjlmTHE4MW1a");
        assertThat(found("curl -u deploy:Xk29fLq81mZ https://api.example.com")).containsExactly("PASSWORD=Xk29fLq81mZ");
    }

    @Test
    void refusesPlaceholderCredentials() {
        assertThat(found("stripe.api_key = \"sk_live_xxxxxxxxxxxxxxxxxxxxxxxx\"")).isEmpty();
        assertThat(found("token: ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx")).isEmpty();
        assertThat(found("HF_TOKEN=hf_XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX")).isEmpty();
        assertThat(found("Authorization: Basic $CREDENTIALS")).isEmpty();
    }
}
