#!/usr/bin/env python3
"""Builds the labelled evaluation corpora of Tiergate's classifier (bench/classify/corpus/{dev,test}/).

    bench/classify/generate.sh        (installs the pinned generators into a venv, then runs this)
    bench/classify/generate.sh --unseen-credentials
                                      (rewrites only the test split's credentials in unseen shapes)

Two splits, generated with different seeds, sentence frames and locales:
  dev   what the detectors were tuned on: seed 1101, the even-numbered sentence frames, locales
        en_US en_GB de_DE fr_FR es_ES nl_NL pt_BR ja_JP;
  test  what ClassifierAccuracyTest holds to the floors, never looked at while tuning: seed 2202,
        the odd-numbered frames, all twelve locales (the four held out of dev: en_AU it_IT fi_FI pl_PL);
        and credentials in fifteen paste shapes of neither split's frames, seed 3303 ("shape": "unseen").
Corpora (one JSON object a line: id, split, task, locale, kind, text, spans [{type, start, end}],
offsets in UTF-16 code units as Java counts them):
  pii.jsonl          personal data from Faker 40.54.0 (MIT) in each locale's own formats: names,
                     addresses, phone numbers, e-mail, IBANs, cards of every brand Faker knows, IPs,
                     US SSNs, UK NINOs and national ids (NL BSN, PL PESEL, BR CPF, ES DNI/NIE,
                     IT codice fiscale, FR INSEE), in sentences, letters, forms, CSV and JSON records;
                     hard negatives (order numbers, dates, versions, prices, ISBNs, tracking codes).
  credentials.jsonl  credentials of ~60 providers, generated here from the providers' documented
                     formats (prefix, alphabet, length), pasted inline, in .env, JSON, YAML, curl,
                     headers and connection strings; hard negatives (digests, UUIDs, placeholders,
                     environment references, lock-file integrity strings, base64 images, public keys).
  code_prose.jsonl   real source files installed on this machine (Python site-packages, Go module
                     cache, the JDK's src.zip) against real prose (Debian's man pages and
                     /usr/share/doc), plus chat prompts mixing both; labelled by origin.
No published evaluation set or template of another tool is used.
"""
import base64, datetime, gzip, hashlib, json, os, random, re, string, subprocess, sys, uuid, zipfile
from pathlib import Path

import phonenumbers
from faker import Faker

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "bench/classify/corpus"
SINCE, UNTIL = datetime.date(1950, 1, 1), datetime.date(2024, 12, 31)
DEV_LOCALES = ["en_US", "en_GB", "de_DE", "fr_FR", "es_ES", "nl_NL", "pt_BR", "ja_JP"]
ALL_LOCALES = DEV_LOCALES + ["en_AU", "it_IT", "fi_FI", "pl_PL"]
ALNUM = string.ascii_letters + string.digits
HEX = "0123456789abcdef"

# ---- words of each language ------------------------------------------------------------------
LANG = {
    "en": dict(phone=["Call me on", "My phone number is", "Mobile:", "Tel.", "You can reach me at", "Fax:", "WhatsApp:", "cell"],
               email=["Email:", "Please write to", "Contact address:", "send it to"],
               card=["My card number is", "Card:", "Please charge", "Credit card"],
               iban=["IBAN:", "Please transfer the refund to", "Bank account"],
               addr=["I live at", "Ship to:", "Address:", "Delivery address"],
               name=["My name is", "Customer:", "This is", "Signed,", "Contact person:", "Dear"],
               nid=["National ID:", "My ID number is", "ID"], greet="Hello", bye="Kind regards", misc="the order arrived damaged",
               filler=["Thanks for the quick reply.", "The invoice is attached.", "Could you check this today?",
                       "We spoke last week about the renewal.", "Nothing else has changed."]),
    "de": dict(phone=["Rufen Sie mich an unter", "Meine Telefonnummer ist", "Handy:", "Tel.", "Mobil:", "Fax:"],
               email=["E-Mail:", "Bitte schreiben Sie an", "Kontakt:"],
               card=["Meine Kartennummer ist", "Kreditkarte:", "Bitte belasten Sie"],
               iban=["IBAN:", "Bitte überweisen Sie die Erstattung auf", "Bankverbindung:"],
               addr=["Ich wohne in der", "Lieferadresse:", "Anschrift:", "Adresse:"],
               name=["Mein Name ist", "Kunde:", "Hier spricht", "Ansprechpartner:", "Sehr geehrte/r"],
               nid=["Ausweisnummer:", "Personalnummer"], greet="Hallo", bye="Mit freundlichen Grüßen", misc="die Lieferung kam beschädigt an",
               filler=["Danke für die schnelle Antwort.", "Die Rechnung liegt bei.", "Können Sie das heute prüfen?"]),
    "fr": dict(phone=["Appelez-moi au", "Mon numéro de téléphone est le", "Portable :", "Tél. :", "Téléphone :", "Fax :"],
               email=["E-mail :", "Écrivez-moi à", "Courriel :"],
               card=["Mon numéro de carte est", "Carte bancaire :", "Veuillez débiter"],
               iban=["IBAN :", "Merci de rembourser sur", "Coordonnées bancaires :"],
               addr=["J'habite au", "Adresse de livraison :", "Adresse :"],
               name=["Je m'appelle", "Client :", "Ici", "Interlocuteur :", "Bonjour"],
               nid=["Numéro de sécurité sociale :", "NIR :", "numéro INSEE"], greet="Bonjour", bye="Cordialement", misc="le colis est arrivé abîmé",
               filler=["Merci pour votre réponse rapide.", "La facture est jointe.", "Pouvez-vous vérifier aujourd'hui ?"]),
    "es": dict(phone=["Llámame al", "Mi número de teléfono es el", "Móvil:", "Tel.:", "Teléfono:", "Fax:"],
               email=["Correo:", "Escríbeme a", "Email de contacto:"],
               card=["Mi número de tarjeta es", "Tarjeta:", "Cargue a la tarjeta"],
               iban=["IBAN:", "Devuelvan el importe a", "Cuenta bancaria:"],
               addr=["Vivo en", "Dirección de envío:", "Dirección:"],
               name=["Me llamo", "Cliente:", "Soy", "Persona de contacto:", "Hola"],
               nid=["DNI:", "NIE:", "Mi documento es", "NIF"], greet="Hola", bye="Saludos cordiales", misc="el pedido llegó dañado",
               filler=["Gracias por la respuesta rápida.", "Adjunto la factura.", "¿Pueden revisarlo hoy?"]),
    "it": dict(phone=["Chiamami al", "Il mio numero di telefono è", "Cellulare:", "Tel.", "Telefono:", "Fax:"],
               email=["E-mail:", "Scrivetemi a", "Posta:"],
               card=["Il numero della mia carta è", "Carta di credito:", "Addebitate"],
               iban=["IBAN:", "Rimborsate sul conto", "Coordinate bancarie:"],
               addr=["Abito in", "Indirizzo di consegna:", "Indirizzo:"],
               name=["Mi chiamo", "Cliente:", "Sono", "Referente:", "Gentile"],
               nid=["Codice fiscale:", "Il mio codice fiscale è", "CF"], greet="Buongiorno", bye="Cordiali saluti", misc="il pacco è arrivato danneggiato",
               filler=["Grazie per la risposta veloce.", "La fattura è allegata.", "Potete controllare oggi?"]),
    "nl": dict(phone=["Bel me op", "Mijn telefoonnummer is", "Mobiel:", "Tel.", "Telefoon:", "Fax:"],
               email=["E-mail:", "Stuur het naar", "Mail:"],
               card=["Mijn kaartnummer is", "Creditcard:", "Schrijf af van"],
               iban=["IBAN:", "Stort het bedrag terug op", "Rekeningnummer:"],
               addr=["Ik woon aan de", "Afleveradres:", "Adres:"],
               name=["Mijn naam is", "Klant:", "Met", "Contactpersoon:", "Beste"],
               nid=["BSN:", "Mijn burgerservicenummer is", "sofinummer"], greet="Hallo", bye="Met vriendelijke groet", misc="het pakket kwam beschadigd aan",
               filler=["Bedankt voor het snelle antwoord.", "De factuur zit in de bijlage.", "Kunt u dit vandaag bekijken?"]),
    "pt": dict(phone=["Me ligue no", "Meu telefone é", "Celular:", "Tel.:", "Telefone:", "WhatsApp:"],
               email=["E-mail:", "Escreva para", "Contato:"],
               card=["O número do meu cartão é", "Cartão:", "Cobre no cartão"],
               iban=["IBAN:", "Devolva o valor para", "Conta:"],
               addr=["Moro na", "Endereço de entrega:", "Endereço:"],
               name=["Meu nome é", "Cliente:", "Aqui é", "Contato:", "Olá"],
               nid=["CPF:", "Meu CPF é", "CPF nº"], greet="Olá", bye="Atenciosamente", misc="a encomenda chegou danificada",
               filler=["Obrigado pela resposta rápida.", "A nota fiscal está anexada.", "Podem verificar hoje?"]),
    "fi": dict(phone=["Soita minulle numeroon", "Puhelinnumeroni on", "Puh.", "Matkapuhelin:", "Puhelin:"],
               email=["Sähköposti:", "Kirjoita osoitteeseen"],
               card=["Korttini numero on", "Luottokortti:"],
               iban=["IBAN:", "Palauta rahat tilille", "Tilinumero:"],
               addr=["Asun osoitteessa", "Toimitusosoite:", "Osoite:"],
               name=["Nimeni on", "Asiakas:", "Täällä", "Yhteyshenkilö:", "Hei"],
               nid=["Henkilötunnus:"], greet="Hei", bye="Ystävällisin terveisin", misc="paketti saapui rikkinäisenä",
               filler=["Kiitos nopeasta vastauksesta.", "Lasku on liitteenä.", "Voitteko tarkistaa tämän tänään?"]),
    "pl": dict(phone=["Proszę dzwonić pod numer", "Mój numer telefonu to", "Tel.", "Komórka:", "Telefon:"],
               email=["E-mail:", "Proszę pisać na", "Adres e-mail:"],
               card=["Numer mojej karty to", "Karta:", "Proszę obciążyć kartę"],
               iban=["IBAN:", "Proszę zwrócić pieniądze na", "Numer konta:"],
               addr=["Mieszkam przy", "Adres dostawy:", "Adres:"],
               name=["Nazywam się", "Klient:", "Tu", "Osoba kontaktowa:", "Dzień dobry"],
               nid=["PESEL:", "Mój numer PESEL to", "nr PESEL"], greet="Dzień dobry", bye="Z poważaniem", misc="paczka przyszła uszkodzona",
               filler=["Dziękuję za szybką odpowiedź.", "Faktura w załączniku.", "Czy mogą Państwo to dziś sprawdzić?"]),
    "ja": dict(phone=["電話番号は", "携帯:", "TEL:", "お電話は", "FAX:"],
               email=["メール:", "連絡先メールは"],
               card=["カード番号は", "クレジットカード:"],
               iban=["IBAN:", "返金先口座:"],
               addr=["住所は", "お届け先:", "住所:"],
               name=["私の名前は", "お客様:", "担当:", "氏名:"],
               nid=["番号:"], greet="こんにちは", bye="よろしくお願いします", misc="荷物が破損して届きました",
               filler=["早速のご返信ありがとうございます。", "請求書を添付します。", "本日確認していただけますか。"]),
}
LANG_OF = {"en_US": "en", "en_GB": "en", "en_AU": "en", "de_DE": "de", "fr_FR": "fr", "es_ES": "es", "it_IT": "it",
           "nl_NL": "nl", "pt_BR": "pt", "fi_FI": "fi", "pl_PL": "pl", "ja_JP": "ja"}
SEP = {"ja": ""}


class Sample:
    def __init__(self):
        self.parts, self.spans = [], []

    def add(self, text, label=None):
        start = sum(utf16(p) for p in self.parts)
        self.parts.append(text)
        if label:
            self.spans.append({"type": label, "start": start, "end": start + utf16(text)})
        return self

    def text(self):
        return "".join(self.parts)


def utf16(s):
    return len(s.encode("utf-16-le")) // 2


class Gen:
    """One split: its random source, Faker instances, frames."""

    def __init__(self, split, seed, locales, frames):
        self.split, self.R, self.frames = split, random.Random(seed), frames
        Faker.seed(seed)
        self.fakers = {}
        for i, loc in enumerate(locales):
            f = Faker(loc)
            f.seed_instance(seed + i)
            self.fakers[loc] = f
        self.locales = locales
        self.docs = []

    def pick(self, items):
        """A frame of this split: dev takes the even-numbered ones, test the odd ones (when there are two or more)."""
        if len(items) < 2:
            return items[0]
        chosen = [x for i, x in enumerate(items) if i % 2 == self.frames] or items
        return self.R.choice(chosen)

    def emit(self, task, locale, kind, sample, extra=None):
        doc = {"id": f"{self.split}-{task}-{len(self.docs)}", "split": self.split, "task": task, "locale": locale,
               "kind": kind, "text": sample.text(), "spans": sample.spans}
        if extra:
            doc.update(extra)
        self.docs.append(doc)


# ---- personal data ---------------------------------------------------------------------------------

CARD_TYPES = ["visa13", "visa16", "visa19", "mastercard", "amex", "discover", "jcb15", "jcb16", "diners", "maestro"]


def card_value(g, f):
    kind = g.R.choice(CARD_TYPES)
    digits = f.credit_card_number(card_type=kind)
    style = g.R.choice(["plain", "space4", "dash4", "space4", "brand"])
    if style == "plain":
        return digits
    sep = "-" if style == "dash4" else " "
    if len(digits) == 15 and digits[:2] in ("34", "37"):
        return digits[:4] + sep + digits[4:10] + sep + digits[10:]
    if len(digits) == 14:
        return digits[:4] + sep + digits[4:10] + sep + digits[10:]
    return sep.join(digits[i:i + 4] for i in range(0, len(digits), 4))


def iban_value(g, f):
    try:
        v = f.iban()
    except AttributeError:
        v = g.fakers["de_DE"].iban()
    if g.R.random() < 0.5:
        v = " ".join(v[i:i + 4] for i in range(0, len(v), 4))
    return v


def phone_value(g, f, loc):
    return f.phone_number()


def national_id(g, f, loc):
    """(value, type) of the locale's national id, or None."""
    if loc == "nl_NL":
        return f.ssn(), "NATIONAL_ID"
    if loc == "pl_PL":
        return f.pesel(), "NATIONAL_ID"
    if loc == "pt_BR":
        v = f.cpf()
        return (v if g.R.random() < 0.7 else re.sub(r"\D", "", v)), "NATIONAL_ID"
    if loc == "es_ES":
        return (f.nif() if g.R.random() < 0.6 else f.nie()), "NATIONAL_ID"
    if loc == "it_IT":
        return f.ssn(), "NATIONAL_ID"
    if loc == "fr_FR":
        v = f.ssn()
        return v, "NATIONAL_ID"
    if loc == "en_US":
        return f.ssn(), "US_SSN"
    if loc == "en_GB":
        return nino(g), "UK_NINO"
    return None


def nino(g):
    first = "ABCEGHJKLMNOPRSTWXYZ"
    second = "ABCEGHJKLMNPRSTWXYZ"
    while True:
        p = g.R.choice(first) + g.R.choice(second)
        if p not in ("BG", "GB", "KN", "NK", "NT", "TN", "ZZ"):
            break
    d = "".join(g.R.choice(string.digits) for _ in range(6))
    s = g.R.choice("ABCD")
    return p + d + s if g.R.random() < 0.5 else f"{p} {d[:2]} {d[2:4]} {d[4:]} {s}"


def ip_value(g, f):
    return f.ipv4_public() if g.R.random() < 0.7 else f.ipv6()


def email_value(g, f):
    return g.R.choice([f.email, f.free_email, f.company_email])()


def name_value(g, f):
    return f.name() if g.R.random() < 0.7 else f.first_name() + " " + f.last_name()


def sentence(g, loc, cue_kind, value, label, tail=True):
    w = LANG[LANG_OF[loc]]
    sp = SEP.get(LANG_OF[loc], " ")
    s = Sample()
    cue = g.pick(w[cue_kind])
    frame = g.pick([0, 1, 2, 3])
    if frame == 0:
        s.add(cue + sp).add(value, label).add("." if LANG_OF[loc] != "ja" else "。")
    elif frame == 1:
        s.add(w["greet"] + ", " if LANG_OF[loc] != "ja" else w["greet"] + "。").add(cue + sp).add(value, label).add(", " if LANG_OF[loc] != "ja" else "、").add(w["misc"] + ".")
    elif frame == 2:
        s.add(g.pick(w["filler"]) + " " + cue + sp).add(value, label).add(" " + w["bye"])
    else:
        s.add(w["misc"].capitalize() + ". " + cue + sp).add(value, label)
    return s


def letter(g, f, loc):
    """A customer letter: greeting, body with several values, sign-off with name, address block, phone and e-mail."""
    w = LANG[LANG_OF[loc]]
    nl = "\n"
    s = Sample()
    s.add(w["greet"] + "," + nl + nl + w["misc"].capitalize() + ". " + g.pick(w["filler"]) + nl)
    if g.R.random() < 0.6:
        s.add(g.pick(w["iban"]) + " ").add(iban_value(g, f), "IBAN").add(nl)
    nid = national_id(g, f, loc)
    if nid and g.R.random() < 0.6:
        s.add(g.pick(w["nid"]) + " ").add(nid[0], nid[1]).add(nl)
    s.add(nl + w["bye"] + "," + nl).add(name_value(g, f), "PERSON").add(nl)
    s.add(f.address(), "STREET_ADDRESS").add(nl)
    if g.R.random() < 0.3:
        s.add(f.current_country(), None).add(nl)
    s.add(g.pick(w["phone"]) + " ").add(phone_value(g, f, loc), "PHONE").add(nl)
    s.add(email_value(g, f), "EMAIL").add(nl)
    return s


def form(g, f, loc):
    """A form or record: labelled fields, as CSV, JSON or key: value lines."""
    fields = [("name", name_value(g, f), "PERSON"), ("email", email_value(g, f), "EMAIL"),
              ("phone", phone_value(g, f, loc), "PHONE"), ("street", f.street_address(), "STREET_ADDRESS")]
    nid = national_id(g, f, loc)
    if nid:
        fields.append(("id_number", nid[0], nid[1]))
    if g.R.random() < 0.4:
        fields.append(("card", card_value(g, f), "PAYMENT_CARD"))
    if g.R.random() < 0.4:
        fields.append(("last_login_ip", ip_value(g, f), "IP_ADDRESS"))
    g.R.shuffle(fields)
    style = g.pick(["json", "csv", "lines", "yaml"])
    s = Sample()
    if style == "json":
        s.add("{")
        for i, (k, v, t) in enumerate(fields):
            s.add(("" if i == 0 else ", ") + json.dumps(k) + ": \"").add(v.replace("\n", ", "), t).add("\"")
        s.add("}")
    elif style == "csv":
        s.add(",".join(k for k, _, _ in fields) + "\n")
        for i, (k, v, t) in enumerate(fields):
            s.add("" if i == 0 else ",").add(v.replace("\n", " ").replace(",", " "), t)
        s.add("\n")
    elif style == "yaml":
        for k, v, t in fields:
            s.add(k + ": ").add(v.replace("\n", ", "), t).add("\n")
    else:
        for k, v, t in fields:
            s.add(k.replace("_", " ").capitalize() + ": ").add(v.replace("\n", ", "), t).add("\n")
    return s


PII_NEGATIVES = [
    lambda g, f: f"Order {g.R.randint(10**7, 10**9)} shipped on {f.date_between(start_date=SINCE, end_date=UNTIL).isoformat()}.",
    lambda g, f: f"Please upgrade from version {g.R.randint(1, 9)}.{g.R.randint(0, 30)}.{g.R.randint(0, 99)} to the latest release.",
    lambda g, f: f"The total was {g.R.randint(10, 9999)}.{g.R.randint(10, 99)} EUR for {g.R.randint(2, 40)} items.",
    lambda g, f: f"ISBN 978-{g.R.randint(0, 9)}-{g.R.randint(100, 999)}-{g.R.randint(10000, 99999)}-{g.R.randint(0, 9)} is out of print.",
    lambda g, f: f"Tracking code {''.join(g.R.choice(string.ascii_uppercase) for _ in range(2))}{g.R.randint(10**8, 10**9 - 1)}{''.join(g.R.choice(string.ascii_uppercase) for _ in range(2))} shows no movement.",
    lambda g, f: f"Meeting at {g.R.randint(8, 18)}:{g.R.choice(['00', '15', '30', '45'])} in room {g.R.randint(100, 999)}, building {g.R.choice('ABCDE')}.",
    lambda g, f: f"Coordinates {g.R.uniform(-80, 80):.5f}, {g.R.uniform(-170, 170):.5f} mark the site.",
    lambda g, f: f"Ticket #{g.R.randint(1000, 99999)} was closed after {g.R.randint(2, 90)} days; see build {g.R.randint(10**5, 10**6)}.",
    lambda g, f: f"The {f.color_name()} model weighs {g.R.randint(1, 90)} kg and costs {g.R.randint(100, 5000)} dollars.",
    lambda g, f: f"Invoice {g.R.randint(2019, 2025)}-{g.R.randint(1000, 9999)} covers {g.R.randint(1, 12)} months of service.",
    lambda g, f: f"{f.company()} reported revenue growth of {g.R.randint(1, 40)} percent in {g.R.randint(2015, 2024)}.",
    lambda g, f: f"Serial number {g.R.randint(10**11, 10**12)} is registered to the warehouse in {f.city()}.",
]


def pii_corpus(g, per_locale):
    for loc in g.locales:
        f = g.fakers[loc]
        lang = LANG_OF[loc]
        for _ in range(per_locale):
            g.emit("pii", loc, "sentence", sentence(g, loc, "phone", phone_value(g, f, loc), "PHONE"))
            g.emit("pii", loc, "sentence", sentence(g, loc, "email", email_value(g, f), "EMAIL"))
            g.emit("pii", loc, "sentence", sentence(g, loc, "card", card_value(g, f), "PAYMENT_CARD"))
            g.emit("pii", loc, "sentence", sentence(g, loc, "iban", iban_value(g, f), "IBAN"))
            g.emit("pii", loc, "sentence", sentence(g, loc, "addr", f.street_address() if g.R.random() < 0.5 else f.address().replace("\n", ", "), "STREET_ADDRESS"))
            g.emit("pii", loc, "sentence", sentence(g, loc, "name", name_value(g, f), "PERSON"))
            if g.R.random() < 0.5:
                g.emit("pii", loc, "sentence", sentence(g, loc, "email", ip_value(g, f), "IP_ADDRESS"))
            nid = national_id(g, f, loc)
            if nid:
                g.emit("pii", loc, "sentence", sentence(g, loc, "nid", nid[0], nid[1]))
                g.emit("pii", loc, "sentence", sentence(g, loc, "nid", national_id(g, f, loc)[0], nid[1]))
            g.emit("pii", loc, "letter", letter(g, f, loc))
            g.emit("pii", loc, "record", form(g, f, loc))
            g.emit("pii", loc, "negative", Sample().add(g.R.choice(PII_NEGATIVES)(g, f)))
    # US SSNs and UK NINOs also appear outside their own locale (expats, forms)
    for _ in range(per_locale // 2):
        f = g.fakers["en_US"]
        g.emit("pii", "en_US", "sentence", sentence(g, "en_US", "nid", f.ssn(), "US_SSN"))
        g.emit("pii", "en_GB", "sentence", sentence(g, "en_GB", "nid", nino(g), "UK_NINO"))


# ---- credentials -----------------------------------------------------------------------------------

def rnd(g, n, alphabet=ALNUM):
    return "".join(g.R.choice(alphabet) for _ in range(n))


def b64url(b):
    return base64.urlsafe_b64encode(b).rstrip(b"=").decode()


def jwt(g):
    head = b64url(json.dumps({"alg": g.R.choice(["HS256", "RS256"]), "typ": "JWT"}).encode())
    body = b64url(json.dumps({"sub": str(g.R.randint(1, 10**9)), "iat": g.R.randint(1600000000, 1800000000)}).encode())
    return f"{head}.{body}.{b64url(bytes(g.R.getrandbits(8) for _ in range(32)))}"


def pem(g, kind):
    body = base64.b64encode(bytes(g.R.getrandbits(8) for _ in range(g.R.randint(300, 900)))).decode()
    lines = "\n".join(body[i:i + 64] for i in range(0, len(body), 64))
    return f"-----BEGIN {kind}-----\n{lines}\n-----END {kind}-----"


BASE32 = string.ascii_uppercase + "234567"
B64 = ALNUM + "+/"
URLSAFE = ALNUM + "-_"
LOWER_ALNUM = string.ascii_lowercase + string.digits

# (provider, variable name, generator): formats as each provider documents them
PROVIDERS = [
    ("aws-access-key-id", "AWS_ACCESS_KEY_ID", lambda g: g.R.choice(["AKIA", "ASIA"]) + rnd(g, 16, BASE32)),
    ("aws-secret-access-key", "AWS_SECRET_ACCESS_KEY", lambda g: rnd(g, 40, B64)),
    ("github-pat", "GITHUB_TOKEN", lambda g: g.R.choice(["ghp_", "gho_", "ghs_", "ghu_"]) + rnd(g, 36)),
    ("github-fine-grained", "GH_TOKEN", lambda g: "github_pat_" + rnd(g, 22) + "_" + rnd(g, 59)),
    ("gitlab-pat", "GITLAB_TOKEN", lambda g: "glpat-" + rnd(g, 20, URLSAFE)),
    ("slack-bot-token", "SLACK_BOT_TOKEN", lambda g: f"xoxb-{g.R.randint(10**10, 10**12)}-{g.R.randint(10**10, 10**12)}-{rnd(g, 24)}"),
    ("slack-webhook", "SLACK_WEBHOOK_URL", lambda g: f"https://hooks.slack.com/services/T{rnd(g, 8, string.ascii_uppercase + string.digits)}/B{rnd(g, 10, string.ascii_uppercase + string.digits)}/{rnd(g, 24)}"),
    ("stripe-secret", "STRIPE_SECRET_KEY", lambda g: g.R.choice(["sk_live_", "rk_live_", "sk_test_"]) + rnd(g, g.R.choice([24, 99]))),
    ("openai", "OPENAI_API_KEY", lambda g: "sk-proj-" + rnd(g, 74, URLSAFE) + "T3BlbkFJ" + rnd(g, 74, URLSAFE) if g.R.random() < 0.5 else "sk-" + rnd(g, 20) + "T3BlbkFJ" + rnd(g, 20)),
    ("anthropic", "ANTHROPIC_API_KEY", lambda g: "sk-ant-api03-" + rnd(g, 93, URLSAFE) + "AA"),
    ("huggingface", "HF_TOKEN", lambda g: "hf_" + rnd(g, 34, string.ascii_letters)),
    ("databricks", "DATABRICKS_TOKEN", lambda g: "dapi" + rnd(g, 32, HEX) + g.R.choice(["", "-2", "-3"])),
    ("twilio-api-key", "TWILIO_API_KEY", lambda g: "SK" + rnd(g, 32, HEX)),
    ("sendgrid", "SENDGRID_API_KEY", lambda g: "SG." + rnd(g, 22, URLSAFE) + "." + rnd(g, 43, URLSAFE)),
    ("digitalocean", "DIGITALOCEAN_TOKEN", lambda g: g.R.choice(["dop_v1_", "doo_v1_", "dor_v1_"]) + rnd(g, 64, HEX)),
    ("shopify", "SHOPIFY_ACCESS_TOKEN", lambda g: g.R.choice(["shpat_", "shpca_", "shppa_", "shpss_"]) + rnd(g, 32, "0123456789abcdefABCDEF")),
    ("mailgun", "MAILGUN_API_KEY", lambda g: "key-" + rnd(g, 32, HEX)),
    ("telegram-bot", "TELEGRAM_BOT_TOKEN", lambda g: f"{g.R.randint(10**8, 10**10)}:AA{rnd(g, 33, URLSAFE)}"),
    ("npm", "NPM_TOKEN", lambda g: "npm_" + rnd(g, 36)),
    ("pypi", "PYPI_TOKEN", lambda g: "pypi-AgEIcHlwaS5vcmc" + rnd(g, 70, URLSAFE)),
    ("gcp-api-key", "GOOGLE_API_KEY", lambda g: "AIza" + rnd(g, 35, URLSAFE)),
    ("gcp-oauth-secret", "GOOGLE_CLIENT_SECRET", lambda g: "GOCSPX-" + rnd(g, 28, URLSAFE)),
    ("azure-storage", "AZURE_STORAGE_CONNECTION_STRING", lambda g: f"DefaultEndpointsProtocol=https;AccountName={rnd(g, 10, string.ascii_lowercase)};AccountKey={rnd(g, 86, B64)}==;EndpointSuffix=core.windows.net"),
    ("azure-ad-secret", "AZURE_CLIENT_SECRET", lambda g: rnd(g, 3, ALNUM) + str(g.R.randint(0, 9)) + "Q~" + rnd(g, 34, ALNUM + "_~.-")),
    ("jwt", "ID_TOKEN", jwt),
    ("atlassian", "JIRA_API_TOKEN", lambda g: "ATATT3xFfGF0" + rnd(g, 180, URLSAFE + "=") + "=" + rnd(g, 8, "ABCDEF0123456789")),
    ("linear", "LINEAR_API_KEY", lambda g: "lin_api_" + rnd(g, 40)),
    ("notion", "NOTION_TOKEN", lambda g: g.R.choice(["secret_" + rnd(g, 43), "ntn_" + rnd(g, 11, string.digits) + rnd(g, 35)])),
    ("doppler", "DOPPLER_TOKEN", lambda g: "dp.pt." + rnd(g, 43)),
    ("pulumi", "PULUMI_ACCESS_TOKEN", lambda g: "pul-" + rnd(g, 40, HEX)),
    ("grafana-sa", "GRAFANA_TOKEN", lambda g: "glsa_" + rnd(g, 32) + "_" + rnd(g, 8, HEX)),
    ("grafana-cloud", "GRAFANA_CLOUD_TOKEN", lambda g: "glc_" + rnd(g, 60, ALNUM + "+/") + "=="),
    ("newrelic", "NEW_RELIC_API_KEY", lambda g: "NRAK-" + rnd(g, 27, string.ascii_uppercase + string.digits)),
    ("postman", "POSTMAN_API_KEY", lambda g: "PMAK-" + rnd(g, 24, HEX) + "-" + rnd(g, 34, HEX)),
    ("square", "SQUARE_ACCESS_TOKEN", lambda g: g.R.choice(["sq0atp-" + rnd(g, 22, URLSAFE), "EAAA" + rnd(g, 60, URLSAFE)])),
    ("vault", "VAULT_TOKEN", lambda g: "hvs." + rnd(g, 90, URLSAFE)),
    ("terraform-cloud", "TF_TOKEN", lambda g: rnd(g, 14) + ".atlasv1." + rnd(g, 67, URLSAFE)),
    ("age", "AGE_KEY", lambda g: "AGE-SECRET-KEY-1" + rnd(g, 58, "QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L")),
    ("planetscale", "PLANETSCALE_TOKEN", lambda g: g.R.choice(["pscale_tkn_", "pscale_pw_", "pscale_oauth_"]) + rnd(g, 43, URLSAFE)),
    ("supabase", "SUPABASE_ACCESS_TOKEN", lambda g: "sbp_" + rnd(g, 40, HEX)),
    ("sentry", "SENTRY_AUTH_TOKEN", lambda g: "sntrys_" + b64url(json.dumps({"iat": g.R.randint(1.6e9, 1.8e9), "url": "https://sentry.io", "region_url": "https://us.sentry.io", "org": rnd(g, 8, string.ascii_lowercase)}).encode()) + "_" + rnd(g, 43, URLSAFE)),
    ("rubygems", "GEM_HOST_API_KEY", lambda g: "rubygems_" + rnd(g, 48, HEX)),
    ("shippo", "SHIPPO_TOKEN", lambda g: g.R.choice(["shippo_live_", "shippo_test_"]) + rnd(g, 40, HEX)),
    ("flutterwave", "FLW_SECRET_KEY", lambda g: "FLWSECK_TEST-" + rnd(g, 32, HEX) + "-X"),
    ("dynatrace", "DT_API_TOKEN", lambda g: "dt0c01." + rnd(g, 24, string.ascii_uppercase + string.digits) + "." + rnd(g, 64, string.ascii_uppercase + string.digits)),
    ("alibaba", "ALIBABA_ACCESS_KEY_ID", lambda g: "LTAI" + rnd(g, 20, LOWER_ALNUM)),
    ("mailchimp", "MAILCHIMP_API_KEY", lambda g: rnd(g, 32, HEX) + "-us" + str(g.R.randint(1, 20))),
    ("discord-webhook", "DISCORD_WEBHOOK", lambda g: f"https://discord.com/api/webhooks/{g.R.randint(10**17, 10**18)}/{rnd(g, 68, URLSAFE)}"),
    ("easypost", "EASYPOST_API_KEY", lambda g: "EZAK" + rnd(g, 54, ALNUM)),
    ("prefect", "PREFECT_API_KEY", lambda g: "pnu_" + rnd(g, 36)),
    ("readme", "README_API_KEY", lambda g: "rdme_" + rnd(g, 70, LOWER_ALNUM)),
    ("clojars", "CLOJARS_TOKEN", lambda g: "CLOJARS_" + rnd(g, 60, LOWER_ALNUM)),
    ("frameio", "FRAMEIO_TOKEN", lambda g: "fio-u-" + rnd(g, 64, URLSAFE + "=")),
    ("typeform", "TYPEFORM_TOKEN", lambda g: "tfp_" + rnd(g, 44, URLSAFE + ".") + "_" + rnd(g, 14)),
    ("artifactory", "ARTIFACTORY_API_KEY", lambda g: "AKCp" + rnd(g, 69)),
    ("flyio", "FLY_API_TOKEN", lambda g: "fo1_" + rnd(g, 43, URLSAFE)),
    ("private-key", None, lambda g: pem(g, g.R.choice(["RSA PRIVATE KEY", "PRIVATE KEY", "EC PRIVATE KEY", "OPENSSH PRIVATE KEY"]))),
]


def basic_auth(g):
    user = g.R.choice(["admin", "deploy", "svc-build", "alice", "api"])
    pw = rnd(g, g.R.randint(10, 20), ALNUM + "!#%")
    return user, pw, base64.b64encode(f"{user}:{pw}".encode()).decode()


def paste(g, name, value):
    """(prefix, value, suffix) as people paste a credential."""
    host = g.R.choice(["api.example.com", "internal.example.org", "ci.example.net"])
    multiline = "\n" in value
    styles = ["inline", "env", "json", "yaml", "curl", "export", "code"] if not multiline else ["inline", "json_escaped", "yaml_block"]
    style = g.pick(styles)
    if style == "inline":
        return g.pick(["Here is my key: ", "can you check why this fails? ", "I used ", "the token is "]), value, g.pick([" but it returns 401", "", ". Thanks!", "\nwhat is wrong?"])
    if style == "env":
        return f"{name}=", value, "\nDEBUG=false\n"
    if style == "export":
        return f"export {name}=\"", value, "\"\n"
    if style == "json":
        return "{\"" + name.lower() + "\": \"", value, "\", \"region\": \"eu-west-1\"}"
    if style == "yaml":
        return f"env:\n  - name: {name}\n    value: ", value, "\n"
    if style == "curl":
        return f"curl -s https://{host}/v1/items -H 'X-Api-Key: ", value, "'"
    if style == "code":
        return f"client = Client(api_key=\"", value, "\")\n"
    if style == "json_escaped":
        return "{\"type\": \"service_account\", \"private_key\": \"", value.replace("\n", "\\n"), "\\n\"}"
    return "key: |\n  ", value.replace("\n", "\n  "), "\n"


CRED_NEGATIVES = [
    lambda g: f"sha256: {rnd(g, 64, HEX)}",
    lambda g: f"commit {rnd(g, 40, HEX)} fixed the build",
    lambda g: f"\"integrity\": \"sha512-{rnd(g, 86, B64)}==\"",
    lambda g: f"request_id = \"{uuid.UUID(int=g.R.getrandbits(128))}\"",
    lambda g: f"API_KEY={g.R.choice(['${API_KEY}', '$API_KEY', '<your-api-key>', 'YOUR_API_KEY_HERE', 'changeme'])}",
    lambda g: f"OPENAI_API_KEY={g.R.choice(['sk-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx', 'sk-...', 'sk-<your key>', 'sk-YOUR_KEY'])}",
    lambda g: f"stripe.api_key = \"{g.R.choice(['sk_live_xxxxxxxxxxxxxxxxxxxxxxxx', 'sk_test_XXXXXXXXXXXXXXXXXXXXXXXX', 'sk_live_<secret>'])}\"",
    lambda g: f"token: {g.R.choice(['ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx', 'ghp_<token>', 'hf_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx', 'glpat-xxxxxxxxxxxxxxxxxxxx'])}",
    lambda g: "password: " + g.R.choice(['{{ .Values.password }}', '${DB_PASSWORD}', 'os.environ["DB_PASSWORD"]', '<password>', '********']),
    lambda g: f"<img src=\"data:image/png;base64,iVBORw0KGgo{rnd(g, 300, B64)}=\">",
    lambda g: f"ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI{rnd(g, 43, B64)} user@laptop",
    lambda g: f"aws_access_key_id = os.getenv(\"AWS_ACCESS_KEY_ID\")",
    lambda g: f"resolved \"https://registry.yarnpkg.com/lodash/-/lodash-4.17.21.tgz#{rnd(g, 40, HEX)}\"",
    lambda g: f"The key rotation policy says every secret_key must be rotated after 90 days; ask the security team.",
    lambda g: f"checksum={rnd(g, 32, HEX)} size={g.R.randint(1000, 99999)}",
    lambda g: f"Authorization: Bearer $TOKEN",
    lambda g: f"curl -u \"$USER:$PASSWORD\" https://api.example.com/",
    lambda g: f"-----BEGIN PUBLIC KEY-----\n{rnd(g, 64, B64)}\n{rnd(g, 64, B64)}\n-----END PUBLIC KEY-----",
    lambda g: f"session_id: {rnd(g, 24, HEX)}  trace_id: {rnd(g, 32, HEX)}",
    lambda g: f"Use the task scheduler; the SKU is SK{g.R.randint(10**6, 10**7)} and the key- value store is fine.",
]


def credential_corpus(g, per_provider):
    for provider, var, gen in PROVIDERS:
        for _ in range(per_provider):
            value = gen(g)
            pre, val, post = paste(g, var or "PRIVATE_KEY", value)
            s = Sample().add(pre).add(val, "CREDENTIAL").add(post)
            g.emit("credentials", "", provider, s)
    for _ in range(per_provider * 2):
        user, pw, token = basic_auth(g)
        style = g.pick(["header", "curl_header", "curl_u", "url"])
        s = Sample()
        if style == "header":
            s.add("GET /v1/items HTTP/1.1\nHost: api.example.com\nAuthorization: Basic ").add(token, "CREDENTIAL").add("\n")
        elif style == "curl_header":
            s.add("curl -H \"Authorization: Basic ").add(token, "CREDENTIAL").add("\" https://api.example.com/v1/items")
        elif style == "curl_u":
            s.add(f"curl -u {user}:").add(pw, "CREDENTIAL").add(" https://api.example.com/v1/items")
        else:
            s.add(f"DATABASE_URL=postgres://{user}:").add(pw, "CREDENTIAL").add("@db.example.com:5432/app")
        g.emit("credentials", "", "http-basic", s)
    for i in range(len(PROVIDERS) * per_provider // 2):
        g.emit("credentials", "", "negative", Sample().add(CRED_NEGATIVES[i % len(CRED_NEGATIVES)](g)))



# ---- credentials in shapes neither split had (seed 3303, test only) ---------------------------------
# Written in stop 30, after the three test misses of the name/value frame above had been read (so that
# frame's figure is no longer a blind one), and before any tool ran on these: the credential test
# figure of docs/CLASSIFICATION.md counts both, and these alone are reported as "unseen shapes".

def paste_unseen(g, name, value):
    """(prefix, value, suffix) in paste shapes of neither split's frames."""
    var = name
    low = name.lower()
    style = g.R.choice(["docker", "hcl", "ini", "environ", "actions", "helm", "xml", "nested_json", "log", "markdown",
                        "prose", "toml", "powershell", "dotnet_json", "k8s_json"])
    if style == "docker":
        return f"docker run --rm -e {var}=", value, " -p 8080:8080 ghcr.io/example/app:1.4\n"
    if style == "hcl":
        return f"provider \"example\" {{\n  {low} = \"", value, "\"\n  region = \"eu-west-1\"\n}\n"
    if style == "ini":
        return f"[default]\nregion = eu-west-1\n{low} = ", value, "\n"
    if style == "environ":
        return f"import os\nos.environ[\"{var}\"] = \"", value, "\"\n"
    if style == "actions":
        return f"    steps:\n      - run: ./deploy.sh\n        env:\n          {var}: ", value, "\n"
    if style == "helm":
        return f"helm upgrade --install api ./chart --set env.{var}=", value, " --namespace prod\n"
    if style == "xml":
        return f"<appSettings>\n  <add key=\"{var}\" value=\"", value, "\" />\n</appSettings>\n"
    if style == "nested_json":
        return "{\"service\": \"billing\", \"credentials\": {\"" + low + "\": \"", value, "\"}}"
    if style == "log":
        return f"2026-11-30T08:12:44Z DEBUG outgoing request headers={{'x-api-key': '", value, "', 'accept': 'application/json'}\n"
    if style == "markdown":
        return "Set the key in your shell first:\n\n```bash\nexport " + var + "=", value, "\n```\n"
    if style == "prose":
        return g.R.choice(["The support engineer asked for the key, so I pasted ", "Our old credentials were ",
                           "Why is ", "Rotating this one today: "]), value, g.R.choice([" and it still fails.", " — is it still valid?",
                                                                                        " rejected by the API?", ""])
    if style == "toml":
        return f"[service]\nurl = \"https://api.example.com\"\n{low} = \"", value, "\"\n"
    if style == "powershell":
        return f"$env:{var} = \"", value, "\"\n"
    if style == "dotnet_json":
        return "{\n  \"Service\": {\n    \"" + "".join(w.capitalize() for w in low.split("_")) + "\": \"", value, "\"\n  }\n}\n"
    return "{\"containerDefinitions\": [{\"environment\": [{\"name\": \"" + var + "\", \"value\": \"", value, "\"}]}]}"


CRED_NEGATIVES_UNSEEN = [
    lambda g: "AWS documents the example key wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY for its guides.",
    lambda g: f"docker pull ghcr.io/example/app@sha256:{rnd(g, 64, HEX)}",
    lambda g: f"git checkout {rnd(g, 40, HEX)} && make",
    lambda g: "env:\n  - name: API_TOKEN\n    valueFrom:\n      secretKeyRef:\n        name: api\n        key: token\n",
    lambda g: "env:\n  API_TOKEN: ${{ secrets.API_TOKEN }}\n",
    lambda g: f"helm upgrade api ./chart --set env.API_TOKEN=$API_TOKEN",
    lambda g: "echo " + base64.b64encode(g.R.choice([b"the quick brown fox jumps over the dog", b"hello world from the build server!!",
                                                      b'{"user": "alice", "role": "admin"}'])).decode() + " | base64 -d",
    lambda g: "func (o *GetUsersAccountsV2ForbiddenResponse4) Error() string",
    lambda g: f"<add key=\"ApiToken\" value=\"{g.R.choice(['<your token>', 'REPLACE_ME', '%API_TOKEN%'])}\" />",
    lambda g: f"[default]\naws_secret_access_key = {g.R.choice(['YOUR_SECRET_KEY', '<secret>', '********'])}\n",
    lambda g: f"The build {rnd(g, 12, LOWER_ALNUM)} failed after {g.R.randint(2, 59)} minutes; see run 4{g.R.randint(10**8, 10**9)}.",
    lambda g: f"integrity sha1-{base64.b64encode(bytes(g.R.getrandbits(8) for _ in range(20))).decode()}",
]


def unseen_credential_corpus(g, per_provider):
    for provider, var, gen in PROVIDERS:
        if var is None:
            continue  # private keys: the block shapes above hold them already
        for _ in range(per_provider):
            pre, val, post = paste_unseen(g, var, gen(g))
            g.emit("credentials", "", provider, Sample().add(pre).add(val, "CREDENTIAL").add(post), {"shape": "unseen"})
    for i in range(len(CRED_NEGATIVES_UNSEEN) * 3):
        g.emit("credentials", "", "negative", Sample().add(CRED_NEGATIVES_UNSEEN[i % len(CRED_NEGATIVES_UNSEEN)](g)), {"shape": "unseen"})


def unseen_docs():
    u = Gen("test", 3303, ["en_US"], 1)
    unseen_credential_corpus(u, 2)
    for d in u.docs:
        d["id"] = d["id"].replace("test-credentials-", "test-credentials-unseen-")
    return u.docs

# ---- code and prose -------------------------------------------------------------------------------

def source_files():
    found = []
    for base, exts in [("/usr/lib/python3/dist-packages", (".py",)), ("/usr/lib/python3.11", (".py",)),
                       (os.path.expanduser("~/go/pkg/mod"), (".go",))]:
        for dirpath, dirs, files in os.walk(base):
            dirs.sort()
            if "test" in dirpath or "vendor" in dirpath:
                continue
            for name in sorted(files):
                if name.endswith(exts) and not name.startswith("_"):
                    found.append(os.path.join(dirpath, name))
            if len(found) > 40000:
                break
    return found


def java_sources(limit):
    z = "/usr/lib/jvm/java-17-openjdk-amd64/lib/src.zip"
    if not os.path.exists(z):
        return []
    with zipfile.ZipFile(z) as zf:
        names = sorted(n for n in zf.namelist() if n.endswith(".java") and "/share/classes/java/" in n)
        return [(n, zf.read(n).decode("utf-8", "replace")) for n in names[:limit]]


def code_chunk(g, text):
    lines = [l for l in text.splitlines()]
    code_idx = [i for i, l in enumerate(lines) if l.strip() and not l.strip().startswith(("#", "//", "*", "/*", "\"\"\"", "'''"))]
    if len(code_idx) < 20:
        return None
    start = g.R.choice(code_idx[5:-12])
    chunk = "\n".join(lines[start:start + g.R.randint(6, 25)])
    return chunk if len(chunk) > 120 else None


def man_paragraphs(g, n):
    pages = sorted(Path("/usr/share/man/man1").glob("*.1.gz")) + sorted(Path("/usr/share/man/man8").glob("*.8.gz"))
    g.R.shuffle(pages)
    out = []
    for page in pages:
        if len(out) >= n:
            break
        try:
            rendered = subprocess.run(["man", "-l", str(page)], capture_output=True, text=True, timeout=10,
                                      env={**os.environ, "MANWIDTH": "100", "MAN_KEEP_FORMATTING": "0", "LC_ALL": "C.UTF-8"}).stdout
        except Exception:
            continue
        rendered = re.sub(r".\x08", "", rendered)
        m = re.search(r"\nDESCRIPTION\n(.*?)\n[A-Z][A-Z ]+\n", rendered, re.S)
        if not m:
            continue
        paras = [re.sub(r"\s+", " ", p).strip() for p in m.group(1).split("\n\n")]
        paras = [p for p in paras if len(p) > 200 and p.count(" ") > 30 and not re.search(r"[{};]\s*$", p)]
        if paras:
            out.append(("man:" + page.name, g.R.choice(paras)))
    return out


def doc_paragraphs(g, n):
    files = sorted(p for p in Path("/usr/share/doc").rglob("*") if p.is_file() and re.search(r"(README|NEWS|FAQ|\.txt)", p.name) and p.stat().st_size < 400000)
    g.R.shuffle(files)
    out = []
    for path in files:
        if len(out) >= n:
            break
        try:
            raw = gzip.open(path).read() if path.suffix == ".gz" else path.read_bytes()
            text = raw.decode("utf-8")
        except Exception:
            continue
        paras = [re.sub(r"\s+", " ", p).strip() for p in re.split(r"\n\s*\n", text)]
        paras = [p for p in paras if 200 < len(p) < 1500 and p.count(" ") > 30 and sum(c.isalpha() for c in p) > 0.75 * len(p)
                 and not re.search(r"(\$ |\(\)|==|;\s|[{}])", p)]
        if paras:
            out.append(("doc:" + str(path.relative_to("/usr/share/doc")), g.R.choice(paras)))
    return out


CHAT_ASKS = ["Why does this throw an exception when the input is empty?", "Can you refactor this to be more readable?",
             "Please add error handling to the following function.", "What does this code do? Explain it briefly.",
             "This fails in production, any idea why?", "Write unit tests for this."]


def code_prose_corpus(g, n_code, n_prose, files, java):
    """files and java are this split's share of the machine's sources (split by path hash)."""
    g.R.shuffle(files)
    code = []
    for path in files:
        if len(code) >= n_code:
            break
        try:
            text = Path(path).read_text(encoding="utf-8")
        except Exception:
            continue
        chunk = code_chunk(g, text)
        if chunk:
            code.append((path, chunk))
    for name, text in java:
        if len(code) >= n_code + n_code // 4:
            break
        chunk = code_chunk(g, text)
        if chunk:
            code.append((name, chunk))
    for path, chunk in code:
        g.emit("code", "", "code", Sample().add(chunk), {"origin": path})
    prose = man_paragraphs(g, n_prose // 2) + doc_paragraphs(g, n_prose // 2)
    for origin, para in prose:
        g.emit("code", "", "prose", Sample().add(para), {"origin": origin})
    # chat prompts: a question and code (fenced or not) are code; a question about code in words is prose
    for i in range(min(len(code), len(prose)) // 3):
        path, chunk = code[i]
        fence = g.R.random() < 0.5
        text = g.pick(CHAT_ASKS) + "\n\n" + ("```\n" + chunk + "\n```" if fence else chunk)
        g.emit("code", "", "code", Sample().add(text), {"origin": "chat:" + path})
        origin, para = prose[i]
        g.emit("code", "", "prose", Sample().add("Summarise this for the team wiki: " + para), {"origin": "chat:" + origin})


def write(g):
    target = OUT / g.split
    target.mkdir(parents=True, exist_ok=True)
    for task, name in [("pii", "pii.jsonl"), ("credentials", "credentials.jsonl"), ("code", "code_prose.jsonl")]:
        with open(target / name, "w", encoding="utf-8") as out:
            for doc in g.docs:
                if doc["task"] == task:
                    out.write(json.dumps(doc, ensure_ascii=False) + "\n")


def append_unseen():
    """Replaces the unseen-shape credentials at the end of the committed test split (the rest stays as it is)."""
    path = OUT / "test" / "credentials.jsonl"
    kept = [l for l in path.read_text(encoding="utf-8").splitlines() if json.loads(l).get("shape") != "unseen"]
    with open(path, "w", encoding="utf-8") as out:
        for line in kept:
            out.write(line + "\n")
        for doc in unseen_docs():
            out.write(json.dumps(doc, ensure_ascii=False) + "\n")


def main():
    if sys.argv[1:] == ["--unseen-credentials"]:
        append_unseen()
        return
    files = source_files()
    java = java_sources(4000)
    dev_files = [f for f in files if int(hashlib.sha1(f.encode()).hexdigest(), 16) % 2 == 0]
    test_files = [f for f in files if int(hashlib.sha1(f.encode()).hexdigest(), 16) % 2 == 1]
    dev_java = [j for j in java if int(hashlib.sha1(j[0].encode()).hexdigest(), 16) % 2 == 0]
    test_java = [j for j in java if int(hashlib.sha1(j[0].encode()).hexdigest(), 16) % 2 == 1]
    for split, seed, locales, frames, fl, jv in [("dev", 1101, DEV_LOCALES, 0, dev_files, dev_java),
                                                  ("test", 2202, ALL_LOCALES, 1, test_files, test_java)]:
        g = Gen(split, seed, locales, frames)
        pii_corpus(g, 14 if split == "dev" else 12)
        credential_corpus(g, 4)
        code_prose_corpus(g, 120, 120, fl, jv)
        if split == "test":
            g.docs.extend(unseen_docs())
        write(g)
        counts = {}
        for d in g.docs:
            counts[d["task"]] = counts.get(d["task"], 0) + 1
        print(split, counts, file=sys.stderr)


if __name__ == "__main__":
    main()
