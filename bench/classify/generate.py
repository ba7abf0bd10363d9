#!/usr/bin/env python3
"""Builds the labelled evaluation corpus of Tiergate's classifier (bench/classify/corpus/*.jsonl).

    bench/classify/generate.sh        (installs the pinned generators into a venv, then runs this)

Deterministic (fixed seeds). Sources, all with licences that allow it:
  - synthetic.jsonl: sentences written here, filled with values from Faker 40.54.0 (MIT) and
    phonenumbers 9.0.43 (Apache-2.0), and credentials built to each vendor's documented format;
    hard negatives (UUIDs, digests, placeholders, versions, dates, order numbers, public keys).
  - templates.jsonl: the 209 labelled sentence templates of presidio-evaluator 0.3.2
    (MIT, Microsoft Presidio contributors; data_generator/raw_data/templates.txt), filled with Faker
    values; placeholders of types Tiergate detects become labelled spans.
  - code_prose.jsonl: code from the Python 3.11 standard library (PSF licence) and from this
    repository (Java, shell, SQL, Rego), prose from the standard library's module docstrings and
    this repository's Markdown, labelled by where they come from.
Each line: {"id", "source", "task": "pii"|"code", "text", "spans": [{"type","start","end"}], "kind"}.
"""
import base64, datetime, json, os, random, re, string, sys, uuid
from pathlib import Path

import phonenumbers
from faker import Faker

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "bench/classify/corpus"
R = random.Random(20261126)
Faker.seed(20261126)
FAKE = {loc: Faker(loc) for loc in ["en_US", "en_GB", "de_DE", "fr_FR", "nl_NL", "es_ES", "it_IT"]}
for i, f in enumerate(FAKE.values()):
    f.seed_instance(1000 + i)
US, GB = FAKE["en_US"], FAKE["en_GB"]
# fixed date ranges: Faker's defaults end "now", which would change the corpus every day
SINCE, UNTIL = datetime.date(1950, 1, 1), datetime.date(2025, 12, 31)


def a_date():
    return US.date_between(start_date=SINCE, end_date=UNTIL)


class Sample:
    def __init__(self, source):
        self.source, self.parts, self.spans = source, [], []

    def add(self, text, label=None):
        start = sum(len(p) for p in self.parts)
        self.parts.append(text)
        if label:
            self.spans.append({"type": label, "start": start, "end": start + len(text)})
        return self

    def doc(self, n):
        return {"id": f"{self.source}-{n}", "source": self.source, "task": "pii", "text": "".join(self.parts), "spans": self.spans}


def template(source, fmt, **values):
    """fmt holds {name} slots; values maps name -> (text, label or None)."""
    s = Sample(source)
    for piece in re.split(r"(\{\w+\})", fmt):
        m = re.fullmatch(r"\{(\w+)\}", piece)
        if m:
            text, label = values[m.group(1)]
            s.add(text, label)
        elif piece:
            s.add(piece)
    return s


# ---- values -------------------------------------------------------------------------------

def phone():
    region = R.choice(["US", "US", "GB", "GB", "DE", "FR", "IN", "AU", "CA", "NL"])
    example = phonenumbers.example_number_for_type(region, R.choice([phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE]))
    digits = str(example.national_number)
    for _ in range(50):
        cand = digits[:3] + "".join(R.choice(string.digits) for _ in digits[3:])
        num = phonenumbers.parse("+" + str(example.country_code) + cand)
        if phonenumbers.is_valid_number(num):
            break
    else:
        num = example
    if region in ("US", "GB", "CA") and R.random() < 0.5:
        return phonenumbers.format_number(num, phonenumbers.PhoneNumberFormat.NATIONAL)
    fmt = R.choice([phonenumbers.PhoneNumberFormat.INTERNATIONAL, phonenumbers.PhoneNumberFormat.INTERNATIONAL, phonenumbers.PhoneNumberFormat.E164])
    return phonenumbers.format_number(num, fmt)


def card():
    number = US.credit_card_number(card_type=R.choice(["visa16", "mastercard", "amex", "discover", "jcb16", "visa13", "diners"]))
    style = R.random()
    if style < 0.4 or len(number) not in (15, 16):
        return number
    if len(number) == 15:
        groups = [number[:4], number[4:10], number[10:]]
    else:
        groups = [number[i:i + 4] for i in range(0, 16, 4)]
    return (" " if style < 0.75 else "-").join(groups)


def iban():
    value = R.choice(list(FAKE.values())).iban()
    if R.random() < 0.5:
        value = " ".join(value[i:i + 4] for i in range(0, len(value), 4))
    return value


def ssn():
    return US.ssn()


def nino():
    first = "ABCEGHJKLMNOPRSTWXYZ"
    second = "ABCEGHJKLMNPRSTWXYZ"
    while True:
        prefix = R.choice(first) + R.choice(second)
        if prefix not in ("BG", "GB", "KN", "NK", "NT", "TN", "ZZ"):
            break
    digits = "".join(R.choice(string.digits) for _ in range(6))
    suffix = R.choice("ABCD")
    if R.random() < 0.5:
        return f"{prefix} {digits[:2]} {digits[2:4]} {digits[4:]} {suffix}"
    return prefix + digits + suffix


def ip():
    r = R.random()
    if r < 0.5:
        return US.ipv4_public()
    if r < 0.7:
        return US.ipv4_private()
    return US.ipv6()


def person():
    f = R.choice([US, US, US, GB, GB, FAKE["de_DE"], FAKE["fr_FR"]])
    return f.first_name() + " " + f.last_name()


def address():
    f = R.choice([US, US, GB])
    return f.address().replace("\n", ", ") if R.random() < 0.5 else f.address()


def b64(n, alphabet=string.ascii_letters + string.digits + "+/"):
    return "".join(R.choice(alphabet) for _ in range(n))


ALNUM = string.ascii_letters + string.digits


def rand(n, alphabet=ALNUM):
    return "".join(R.choice(alphabet) for _ in range(n))


def jwt():
    header = base64.urlsafe_b64encode(json.dumps({"alg": "HS256", "typ": "JWT"}).encode()).rstrip(b"=").decode()
    payload = base64.urlsafe_b64encode(json.dumps({"sub": str(R.randint(1, 10**9)), "iat": R.randint(1.6e9, 1.8e9)}).encode()).rstrip(b"=").decode()
    return f"{header}.{payload}.{rand(43, ALNUM + '-_')}"


def pem(kind):
    body = "\n".join(b64(64) for _ in range(R.randint(3, 12)))
    return f"-----BEGIN {kind}-----\n{body}\n-----END {kind}-----"


def password():
    return rand(R.randint(8, 16), ALNUM + "!#%^*-_") + R.choice(string.digits)


# ---- synthetic samples --------------------------------------------------------------------

SENTENCES = {
    "EMAIL": ["Please reply to {v} before Friday.", "Contact: {v}", "The ticket was opened by {v} yesterday.",
              "Forward the invoice to {v}, thanks.", "{v} says the export is broken.", "cc {v}"],
    "PHONE": ["Call me on {v} after 5pm.", "Phone: {v}", "The customer's mobile is {v}.", "You can reach the branch at {v}.",
              "tel {v}", "Her number changed to {v} last week."],
    "PAYMENT_CARD": ["The card {v} was declined twice.", "Card number: {v}", "Charge {v} for the renewal.",
                     "Customer paid with {v} exp 04/27.", "Refund the last payment on {v}."],
    "IBAN": ["Please transfer the deposit to {v}.", "IBAN: {v}", "The refund goes to account {v}.", "Wire it to {v} by Monday."],
    "US_SSN": ["SSN {v} on file.", "Her social security number is {v}.", "Employee SSN: {v}", "Verify {v} against the W-2."],
    "UK_NINO": ["NI number {v}", "National Insurance number: {v}.", "Payroll needs {v} for the new starter.", "NINO {v} was mistyped."],
    "IP_ADDRESS": ["Login attempt from {v} blocked.", "The client IP was {v}.", "Requests from {v} spike at midnight.", "Allow {v} in the firewall."],
    "PERSON": ["Please ask {v} to review the contract.", "{v} called about the refund.", "Meeting with {v} moved to Thursday.",
               "The order was placed by {v}.", "Dear {v}, your parcel is on its way.", "Assign the ticket to {v}."],
    "STREET_ADDRESS": ["Ship it to {v}.", "New billing address: {v}", "The office moved to {v} in March.", "Deliver to {v} please."],
}
GENERATORS = {"EMAIL": lambda: R.choice(list(FAKE.values())).email(), "PHONE": phone, "PAYMENT_CARD": card, "IBAN": iban,
              "US_SSN": ssn, "UK_NINO": nino, "IP_ADDRESS": ip, "PERSON": person, "STREET_ADDRESS": address}


def credential_samples():
    out = []
    aws_id = lambda: R.choice(["AKIA", "ASIA"]) + rand(16, string.ascii_uppercase + "234567")
    cases = [
        ("CLOUD_KEY", lambda: ("aws_access_key_id = {v}", aws_id())),
        ("CLOUD_KEY", lambda: ("export AWS_ACCESS_KEY_ID={v}", aws_id())),
        ("CLOUD_KEY", lambda: ("aws_secret_access_key = {v}", b64(40, ALNUM + "/+"))),
        ("CLOUD_KEY", lambda: ('const key = "{v}"; // maps', "AIza" + rand(35, ALNUM + "-_"))),
        ("CLOUD_KEY", lambda: ('"private_key_id": "{v}",', rand(40, "0123456789abcdef"))),
        ("CLOUD_KEY", lambda: ("client_secret: {v}", "GOCSPX-" + rand(28, ALNUM + "-_"))),
        ("CLOUD_KEY", lambda: ("DefaultEndpointsProtocol=https;AccountName=prodstore;AccountKey={v};EndpointSuffix=core.windows.net", b64(86) + "==")),
        ("CLOUD_KEY", lambda: ("AZURE_CLIENT_SECRET={v}", rand(3, ALNUM) + str(R.randint(0, 9)) + "Q~" + rand(34, ALNUM + "_~.-"))),
        ("TOKEN", lambda: ("git clone https://x:{v}@github.com/org/repo", "ghp_" + rand(36))),
        ("TOKEN", lambda: ("GITHUB_TOKEN={v}", R.choice(["ghp_", "gho_", "ghs_"]) + rand(36))),
        ("TOKEN", lambda: ("token: {v}", "github_pat_" + rand(82, ALNUM + "_"))),
        ("TOKEN", lambda: ("use {v} for the registry", "glpat-" + rand(20, ALNUM + "-_"))),
        ("TOKEN", lambda: ("SLACK_BOT_TOKEN={v}", "xoxb-" + str(R.randint(10**11, 10**12)) + "-" + str(R.randint(10**12, 10**13)) + "-" + rand(24))),
        ("TOKEN", lambda: ("stripe.api_key = '{v}'", "sk_live_" + rand(24))),
        ("TOKEN", lambda: ("OPENAI_API_KEY={v}", "sk-proj-" + rand(48, ALNUM + "-_") + rand(8))),
        ("TOKEN", lambda: ("openai.api_key = \"{v}\"", "sk-" + rand(20) + "T3BlbkFJ" + rand(20))),
        ("TOKEN", lambda: ("Authorization: Bearer {v}", jwt())),
        ("TOKEN", lambda: ("the session cookie was {v} when it failed", jwt())),
        ("TOKEN", lambda: ("//registry.npmjs.org/:_authToken={v}", "npm_" + rand(36))),
        ("PRIVATE_KEY", lambda: ("Why does ssh reject this key?\n{v}\nThanks", pem(R.choice(["RSA PRIVATE KEY", "OPENSSH PRIVATE KEY", "EC PRIVATE KEY", "PRIVATE KEY", "ENCRYPTED PRIVATE KEY"])))),
        ("PRIVATE_KEY", lambda: ('{{"type": "service_account", "private_key": "{v}\\n"}}', pem("PRIVATE KEY").replace("\n", "\\n"))),
        ("PRIVATE_KEY", lambda: ("key.pem:\n{v}", pem("RSA PRIVATE KEY"))),
        ("PRIVATE_KEY", lambda: ("-- truncated paste --\n{v}", pem("OPENSSH PRIVATE KEY").rsplit("\n", 2)[0])),
        ("PASSWORD", lambda: ("DATABASE_URL=postgres://app:{v}@db.internal:5432/app", password())),
        ("PASSWORD", lambda: ("mongodb+srv://admin:{v}@cluster0.example.net/test", password())),
        ("PASSWORD", lambda: ('password = "{v}"', password())),
        ("PASSWORD", lambda: ("DB_PASSWORD={v}", password())),
        ("PASSWORD", lambda: ('{{"user": "svc", "password": "{v}"}}', password())),
        ("PASSWORD", lambda: ("Server=db;Database=shop;User Id=sa;Password={v};", password())),
        ("GENERIC_SECRET", lambda: ('client_secret = "{v}"', rand(32))),
        ("GENERIC_SECRET", lambda: ("SECRET_KEY={v}", rand(40, ALNUM + "-_"))),
        ("GENERIC_SECRET", lambda: ("api_key: {v}", rand(32, "0123456789abcdef"))),
        ("GENERIC_SECRET", lambda: ('auth_token = "{v}"', rand(24))),
        ("GENERIC_SECRET", lambda: ("webhook_signing_key={v}", rand(30))),
    ]
    for n in range(8):
        for label, make in cases:
            fmt, value = make()
            left, right = (part.replace("{{", "{").replace("}}", "}") for part in fmt.split("{v}"))
            s = Sample("synthetic-credentials").add(left).add(value, label).add(right)
            out.append(s)
    return out


NEGATIVES = [
    'api_key = "{uuid}"', "request_id: {uuid}", '"integrity": "sha512-{b64}"', "commit {sha}", "sha256: {hex64}",
    'token = "${{GITHUB_TOKEN}}"', "password: <your-password>", 'SECRET_KEY = "changeme"', "api_key: xxxxxxxxxxxxxxxxxxxxxxxx",
    'password = os.environ["DB_PASSWORD"]', "token: {{{{ vault_token }}}}", "aws_secret_access_key = YOUR_SECRET_ACCESS_KEY",
    "-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE{b64short}\n-----END PUBLIC KEY-----",
    "Release v{ver} ships on {date}.", "Order #{order} shipped on {date}.", "ISBN 978-{isbn}", "Total: ${price} for {qty} items",
    "Meeting at {time} in room {room}.", "Build {build} took {secs} seconds.", "Version {ver}.{n} fixes the crash.",
    "The job ran {n} times between {date} and {date}.", "See RFC {rfc} section {n}.{n}.", "Use @Inject on the field.",
    "Write to support@localhost for testing.", "The password field must be at least 12 characters.",
    "Set token_type = bearer_access_token in the config.", "Call the helper with retries=3 and timeout=30.",
    "The secret to good reviews is small pull requests.", "Will this work in May?", "Ask the New York office.",
    "Rotate the key every 90 days.", "Tokens expire after 3600 seconds.", "Our IBAN format validator rejects DE00 0000 0000.",
    "Temperatures rose 2.5 degrees over 30 years.", "Coordinates 51.5074, -0.1278 mark the spot.",
]


def negative_samples():
    out = []
    for n in range(8):
        for fmt in NEGATIVES:
            text = fmt.format(uuid=uuid.UUID(int=R.getrandbits(128)), b64=b64(86), b64short=b64(40), sha=rand(40, "0123456789abcdef"),
                              hex64=rand(64, "0123456789abcdef"), ver=f"{R.randint(1, 9)}.{R.randint(0, 20)}.{R.randint(0, 9)}",
                              date=a_date(), order=R.randint(10**6, 10**10), isbn=f"{R.randint(0, 9)}-{R.randint(100, 999)}-{R.randint(10000, 99999)}-{R.randint(0, 9)}",
                              price=f"{R.randint(1, 999)}.{R.randint(0, 99):02d}", qty=R.randint(1, 50), time=US.time(pattern="%H:%M"),
                              room=R.randint(100, 999), build=R.randint(1000, 99999), secs=R.randint(1, 900), n=R.randint(1, 12), rfc=R.randint(1000, 9999))
            out.append(Sample("synthetic-negatives").add(text))
    return out


def synthetic():
    samples = []
    for label, sentences in SENTENCES.items():
        for n in range(48):
            value = GENERATORS[label]()
            left, right = R.choice(sentences).split("{v}")
            samples.append(Sample("synthetic-" + label.lower()).add(left).add(value, label).add(right))
    # prompts mixing several kinds, as they arrive at the gateway
    for n in range(60):
        s = Sample("synthetic-mixed")
        s.add("Customer ").add(person(), "PERSON").add(" (").add(R.choice(list(FAKE.values())).email(), "EMAIL").add(") says the card ")
        s.add(card(), "PAYMENT_CARD").add(" was charged twice; call back on ").add(phone(), "PHONE").add(". Refund to ").add(iban(), "IBAN")
        s.add(". Logged from ").add(ip(), "IP_ADDRESS").add(".")
        samples.append(s)
    return samples + credential_samples() + negative_samples()


# ---- presidio-evaluator templates ---------------------------------------------------------

def presidio_templates(path):
    labelled = {"person": "PERSON", "name": "PERSON", "name_female": "PERSON", "name_male": "PERSON", "first_name": "PERSON",
                "last_name": "PERSON", "first_name_male": "PERSON", "first_name_female": "PERSON", "last_name_male": "PERSON",
                "last_name_female": "PERSON", "first_name_nonbinary": "PERSON", "address": "STREET_ADDRESS",
                "credit_card_number": "PAYMENT_CARD", "phone_number": "PHONE", "email": "EMAIL", "iban": "IBAN", "ssn": "US_SSN",
                "ip_address": "IP_ADDRESS"}
    skip = {"street_name", "building_number", "secondary_address", "postcode", "zipcode", "us_driver_license"}
    fill = {"person": person, "name": person, "name_female": lambda: US.first_name_female() + " " + US.last_name(),
            "name_male": lambda: US.first_name_male() + " " + US.last_name(), "first_name": US.first_name, "last_name": US.last_name,
            "first_name_male": US.first_name_male, "first_name_female": US.first_name_female, "last_name_male": US.last_name,
            "last_name_female": US.last_name, "first_name_nonbinary": US.first_name_nonbinary, "address": address,
            "credit_card_number": card, "phone_number": phone, "email": US.email, "iban": iban, "ssn": ssn, "ip_address": ip,
            "organization": US.company, "city": US.city, "country": US.country, "age": lambda: str(R.randint(18, 90)),
            "year": lambda: str(R.randint(1950, 2025)), "nationality": lambda: R.choice(["French", "Kenyan", "Peruvian", "Danish"]),
            "url": US.url, "job": US.job, "prefix_male": US.prefix_male, "prefix_female": US.prefix_female, "prefix": US.prefix,
            "date_time": lambda: f"{a_date()} {R.randint(0, 23):02d}:{R.randint(0, 59):02d}",
            "date_of_birth": lambda: str(a_date()), "state_abbr": US.state_abbr,
            "day_of_week": US.day_of_week, "nation_woman": lambda: "Danish woman", "nation_plural": lambda: "Danes"}
    out = []
    # the file writes line breaks inside a template as the two characters \n
    lines = [l.strip().replace("\\n", "\n") for l in open(path, encoding="utf-8", errors="replace") if l.strip()]
    for rep in range(2):
        for line in lines:
            slots = re.findall(r"\{\{(\w+)\}\}", line)
            if any(s in skip or s not in fill for s in slots):
                continue
            s = Sample("presidio-templates")
            pieces = re.split(r"(\{\{\w+\}\})", line)
            i = 0
            while i < len(pieces):
                m = re.fullmatch(r"\{\{(\w+)\}\}", pieces[i])
                if not m:
                    if pieces[i]:
                        s.add(pieces[i])
                    i += 1
                    continue
                name = m.group(1)
                # "{{first_name}} {{last_name}}" is one person
                if labelled.get(name) == "PERSON" and i + 2 < len(pieces) and pieces[i + 1] == " " and labelled.get(
                        (re.fullmatch(r"\{\{(\w+)\}\}", pieces[i + 2]) or [None, None])[1]) == "PERSON":
                    s.add(fill[name]() + " " + fill[re.fullmatch(r"\{\{(\w+)\}\}", pieces[i + 2]).group(1)](), "PERSON")
                    i += 3
                    continue
                s.add(fill[name](), labelled.get(name))
                i += 1
            out.append(s)
    return out


# ---- code and prose -----------------------------------------------------------------------

def code_and_prose():
    docs = []
    stdlib = Path(os.__file__).parent
    files = sorted(p for p in stdlib.glob("*.py") if not p.name.startswith("_"))
    R.shuffle(files)
    # code: function bodies from the standard library
    for path in files[:90]:
        lines = path.read_text(encoding="utf-8", errors="replace").split("\n")
        defs = [i for i, l in enumerate(lines) if re.match(r"\s*def \w+\(", l)]
        if not defs:
            continue
        start = R.choice(defs)
        chunk = "\n".join(lines[start:start + R.randint(6, 20)]).strip("\n")
        chunk = re.sub(r'(?s)""".*?"""', '"""..."""', chunk)
        if len(chunk) > 80:
            docs.append({"source": "python-stdlib-code", "kind": "code", "text": chunk, "path": path.name})
    # code: this repository's Java, shell, SQL and Rego
    for pattern, name in [("src/main/java/**/*.java", "repo-java"), ("scripts/*.sh", "repo-shell"), ("policies/tiergate/*.rego", "repo-rego")]:
        paths = sorted(ROOT.glob(pattern))
        R.shuffle(paths)
        for path in paths[:25]:
            lines = [l for l in path.read_text().split("\n")]
            code_lines = [i for i, l in enumerate(lines) if l.strip() and not l.strip().startswith(("*", "/*", "//", "#"))]
            if len(code_lines) < 12:
                continue
            start = R.choice(code_lines[4:-6])
            chunk = "\n".join(lines[start:start + R.randint(6, 16)]).strip("\n")
            if len(chunk) > 80:
                docs.append({"source": name + "-code", "kind": "code", "text": chunk, "path": str(path.relative_to(ROOT))})
    # prose: module docstrings of the standard library
    import ast
    for path in files:
        try:
            doc = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8", errors="replace")))
        except SyntaxError:
            continue
        if not doc:
            continue
        for para in doc.split("\n\n"):
            flat = " ".join(para.split())
            if len(flat) > 160 and not re.search(r"[{};=]|>>>|\(\)", flat):
                docs.append({"source": "python-stdlib-docstring", "kind": "prose", "text": flat, "path": path.name})
                break
    # prose: longer function and class docstrings of the standard library (developers' English)
    taken = 0
    for path in files:
        if taken >= 90:
            break
        try:
            tree = ast.parse(path.read_text(encoding="utf-8", errors="replace"))
        except SyntaxError:
            continue
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
                doc = ast.get_docstring(node)
                flat = " ".join((doc or "").split("\n\n")[0].split())
                if len(flat) > 200 and not re.search(r"[{};=]|>>>|\(\)", flat):
                    docs.append({"source": "python-stdlib-docstring", "kind": "prose", "text": flat, "path": path.name})
                    taken += 1
                    break
    # prose: this repository's Markdown paragraphs (no code blocks, tables or lists)
    for path in sorted(ROOT.glob("docs/*.md")) + [ROOT / "README.md", ROOT / "policies/README.md"]:
        text = re.sub(r"(?s)```.*?```", "", path.read_text())
        for para in text.split("\n\n"):
            if para.lstrip().startswith(("|", "#", "-", "<!--", "    ", "1.")) or len(para) < 200:
                continue
            docs.append({"source": "repo-markdown-prose", "kind": "prose", "text": para.strip(), "path": str(path.relative_to(ROOT))})
    out = []
    for n, d in enumerate(docs):
        out.append({"id": f"{d['source']}-{n}", "source": d["source"], "task": "code", "kind": d["kind"], "text": d["text"], "spans": [], "from": d["path"]})
    return out


def write(name, docs):
    with open(OUT / name, "w", encoding="utf-8") as f:
        for d in docs:
            f.write(json.dumps(d, ensure_ascii=False) + "\n")
    print(f"{name}: {len(docs)} samples", file=sys.stderr)


if __name__ == "__main__":
    OUT.mkdir(parents=True, exist_ok=True)
    write("synthetic.jsonl", [s.doc(n) for n, s in enumerate(synthetic())])
    write("templates.jsonl", [s.doc(n) for n, s in enumerate(presidio_templates(sys.argv[1]))])
    write("code_prose.jsonl", code_and_prose())
