package io.tiergate.classify.detect;

import static org.assertj.core.api.Assertions.assertThat;

import io.tiergate.classify.Classifier;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Values a label names: cells under a table's header, fields named for addresses, cued addresses, post boxes, Corsican NIRs. */
class LabelledValuesTest {

    static final Classifier classifier = new Classifier();

    static List<String> found(String text) {
        return classifier.classify(text).findings().stream().map(f -> f.type() + "=" + text.substring(f.start(), f.end())).toList();
    }

    @Test
    void readsTheColumnOfACellUnderATablesHeader() {
        String csv = "name,phone,id_number\nAda Lovelace,0471 123456,693415800\nBo Li,699 956 915,57101139230\n";
        int row = csv.indexOf("Bo Li");
        assertThat(FieldLabels.columnAt(csv, row)).isEqualTo("name");
        assertThat(FieldLabels.columnAt(csv, csv.indexOf("699"))).isEqualTo("phone");
        assertThat(FieldLabels.columnAt(csv, csv.indexOf("5710"))).isEqualTo("id_number");
        assertThat(FieldLabels.columnAt(csv, 0)).isNull(); // the header itself
        assertThat(FieldLabels.columnAt("We met, and talked about it for hours\nthen left, as planned\n", 40)).isNull(); // a sentence is no header
        assertThat(FieldLabels.columnAt("a;b\nx;y,z\n1,2,3\n", 10)).isNull(); // rows of another width
    }

    @Test
    void findsBareNationalIdsAndNationalPhoneNumbersUnderTheirColumn() {
        // the second row: its cells are far from the header's words
        String csv = "email,phone,id_number,city\nada.lovelace@example.com,612 345 678,57101139230,Szczebrzeszyn Wielkie\n"
                + "bo.li@example.com,699 956 915,02070803628,Lublin\n";
        assertThat(found(csv)).contains("PHONE=699 956 915", "NATIONAL_ID=02070803628");
        String other = "sku,qty,batch\nA-1,699 956 915,57101139230\n";
        assertThat(found(other)).noneMatch(f -> f.startsWith("PHONE") || f.startsWith("NATIONAL_ID"));
    }

    @Test
    void findsStreetsWithoutATypeWordOrNumberWhereALabelNamesThem() {
        assertThat(found("Street: avenue Margot Maillot\n")).containsExactly("STREET_ADDRESS=avenue Margot Maillot");
        assertThat(found("{\"street\": \"Largo Kevin Machado\", \"x\": 1}")).containsExactly("STREET_ADDRESS=Largo Kevin Machado");
        assertThat(found("street: 016 木村 Street\n")).containsExactly("STREET_ADDRESS=016 木村 Street");
        assertThat(found("name,street,qty\nZed,Koivukuja 5 B,3\nAmy,Kings Cross 12,4\n"))
                .contains("STREET_ADDRESS=Koivukuja 5 B", "STREET_ADDRESS=Kings Cross 12");
        assertThat(found("Moro na Favela Campos, 95 Atenciosamente")).anyMatch(f -> f.startsWith("STREET_ADDRESS=Favela Campos, 95"));
        assertThat(found("住所は974 三浦 Street。")).containsExactly("STREET_ADDRESS=974 三浦 Street");
    }

    @Test
    void leavesOtherAddressesAndEmptyValuesAlone() {
        assertThat(found("Email address: none\nIP address: unknown host\nip_address: some value here\n")).isEmpty();
        assertThat(found("mac_address: aa bb cc\nwallet address: abc def\n")).isEmpty();
        assertThat(found("address: n/a\nstreet: TBD\n")).isEmpty();
        assertThat(found("I live at the moment in a flat.")).isEmpty();
        assertThat(found("the return address register holds 4 values")).isEmpty();
    }

    @Test
    void findsPostBoxesAndMilitaryAddresses() {
        assertThat(found("Michelle Ortiz\nUnit 3639 Box 5619\nDPO AP 84298\n")).contains("STREET_ADDRESS=Unit 3639 Box 5619\nDPO AP 84298");
        assertThat(found("Send it to PSC 1234, Box 5678, APO AE 09012 please")).contains("STREET_ADDRESS=PSC 1234, Box 5678, APO AE 09012");
        assertThat(found("USNS Rios\nFPO AA 34032")).contains("STREET_ADDRESS=USNS Rios\nFPO AA 34032");
        assertThat(found("Write to PO Box 123, Sydney NSW 2001.")).contains("STREET_ADDRESS=PO Box 123, Sydney NSW 2001");
        assertThat(found("Postfach 10 20 30, 10115 Berlin")).contains("STREET_ADDRESS=Postfach 10 20 30, 10115 Berlin");
        assertThat(found("the checkbox 12 is ticked; inbox 3 unread")).isEmpty();
    }

    @Test
    void findsCorsicanNirs() {
        assertThat(found("Numéro de sécurité sociale : 191112A00424032")).containsExactly("NATIONAL_ID=191112A00424032");
        assertThat(found("NIR 1 91 11 2A 004 240 32.")).containsExactly("NATIONAL_ID=1 91 11 2A 004 240 32");
        assertThat(found("NIR 191112A00424033")).isEmpty(); // wrong key
        assertThat(found("NIR 191112B00424032")).isEmpty(); // 2B has another key
    }
}
