"""Word lists and text templates behind the demo referral generator.

Everything here is fictional: street names, schools, surgeries and the
events in the concern templates are invented for demonstrations and
training. The towns are real places of one English county so that the
queue looks familiar to hub staff; postcodes are built only to the
syntax of a UK postcode. Telephone numbers used elsewhere come from the
ranges Ofcom reserves for drama, and e-mail addresses use reserved
example domains.

The small builders at the end put these words together into names,
addresses, schools, surgeries, phone numbers and e-mail addresses.

Tuples, not sets, throughout: the generator must draw in a stable order.
"""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class Culture:
    """Naming and language customs of one heritage group.

    ``given`` maps ``"f"``/``"m"`` to names for any generation, with
    optional ``"f_young"``/``"m_young"`` (born after 2004) and
    ``"f_old"``/``"m_old"`` (born before 1970) refinements. A family name
    written ``"Nowak/Nowak"`` or ``"Kowalski/Kowalska"`` has a male and a
    female form.
    """

    key: str
    weight: int
    given: dict[str, tuple[str, ...]]
    family: tuple[str, ...]
    ethnicities: tuple[str, ...]
    language: str = "English"
    other_languages: tuple[str, ...] = ()
    adult_home_language: float = 0.0
    child_home_language: float = 0.0
    adult_interpreter: float = 0.0
    child_interpreter: float = 0.0
    latin_script: bool = True
    extra: dict[str, str] = field(default_factory=dict)


CULTURES: tuple[Culture, ...] = (
    Culture(
        "english", 58,
        {
            "f_young": ("Olivia", "Amelia", "Isla", "Ava", "Mia", "Ivy", "Lily", "Freya",
                        "Poppy", "Evie", "Ruby", "Harper", "Willow", "Sienna", "Maisie",
                        "Daisy", "Ellie", "Skye", "Lacey-Mae", "Tilly"),
            "m_young": ("Oliver", "George", "Noah", "Arthur", "Leo", "Harry", "Oscar",
                        "Jack", "Charlie", "Alfie", "Freddie", "Teddy", "Riley", "Tommy",
                        "Mason", "Kayden", "Logan", "Reggie", "Archie", "Jayden"),
            "f": ("Sarah", "Claire", "Lisa", "Kelly", "Gemma", "Stacey", "Rachel", "Nicola",
                  "Laura", "Hayley", "Danielle", "Kirsty", "Jade", "Chloe", "Amy", "Leanne",
                  "Charlotte", "Emma", "Becky", "Natalie", "Jodie", "Shannon"),
            "m": ("Daniel", "Lee", "Craig", "Mark", "Dean", "Jamie", "Ryan", "Wayne", "Scott",
                  "Carl", "Liam", "Ashley", "Gary", "Darren", "Stuart", "Kyle", "Nathan",
                  "Jordan", "Matthew", "Shane"),
            "f_old": ("Margaret", "Pauline", "Brenda", "Jean", "Sandra", "Carol", "Susan",
                      "Patricia", "Linda", "Christine", "Barbara", "Maureen", "Sheila"),
            "m_old": ("Brian", "Keith", "Terence", "Roy", "David", "Michael", "Colin",
                      "Graham", "Trevor", "Alan", "Malcolm", "Derek", "Kenneth"),
        },
        ("Smith", "Taylor", "Brown", "Wilson", "Johnson", "Walker", "Wright", "Robinson",
         "Thompson", "Hughes", "Green", "Hall", "Wood", "Harris", "Clarke", "Turner",
         "Hill", "Cooper", "Ward", "Marshall", "Bradley", "Hardy", "Pearson", "Shaw",
         "Barker", "Fletcher", "Booth", "Platt", "Kirk", "Slater", "Bramley", "Hollis",
         "Radford", "Wragg", "Pashley", "Chadwick"),
        ("White British", "White British", "White British", "White British",
         "White British", "White British", "Mixed: White and Black Caribbean",
         "Mixed: White and Asian", "Not stated"),
    ),
    Culture(
        "welsh", 4,
        {
            "f": ("Siân", "Cerys", "Ffion", "Angharad", "Eleri", "Gwenllian", "Nia",
                  "Carys", "Rhiannon", "Bethan", "Lowri", "Mererid"),
            "m": ("Gruffydd", "Llŷr", "Dafydd", "Rhys", "Owain", "Iestyn", "Emyr", "Cai",
                  "Dylan", "Ioan", "Aled", "Gethin"),
        },
        ("Jones", "Davies", "Evans", "Williams", "Pritchard", "Llewellyn", "Prosser",
         "Vaughan", "Griffiths", "Parry", "Powell", "Morgan", "ap Rhys"),
        ("White British", "White British", "White Welsh"),
        other_languages=("Welsh",),
        adult_home_language=0.15,
        child_home_language=0.1,
    ),
    Culture(
        "irish", 4,
        {
            "f": ("Siobhán", "Aoife", "Niamh", "Caoimhe", "Saoirse", "Róisín", "Clodagh",
                  "Orla", "Áine", "Gráinne"),
            "m": ("Seán", "Ciarán", "Oisín", "Pádraig", "Darragh", "Cillian", "Eoin",
                  "Tadhg", "Cathal", "Ruairí"),
        },
        ("Ó Briain", "Murphy", "O'Sullivan", "Kelly", "Ó Súilleabháin", "Byrne",
         "MacCarthy", "Ó Donnell", "Doherty", "Quinn", "Gallagher", "Ó Ceallaigh"),
        ("White Irish", "White Irish", "White British"),
    ),
    Culture(
        "polish", 7,
        {
            "f": ("Zofia", "Agnieszka", "Małgorzata", "Katarzyna", "Joanna", "Ewa",
                  "Magdalena", "Zuzanna", "Julia", "Alicja", "Łucja", "Hanna"),
            "m": ("Łukasz", "Piotr", "Krzysztof", "Tomasz", "Paweł", "Michał", "Jakub",
                  "Kacper", "Szymon", "Wojciech", "Bartłomiej", "Antoni"),
        },
        ("Wiśniewski/Wiśniewska", "Kowalski/Kowalska", "Nowak/Nowak",
         "Wójcik/Wójcik", "Kamiński/Kamińska", "Lewandowski/Lewandowska",
         "Zieliński/Zielińska", "Szymański/Szymańska", "Dąbrowski/Dąbrowska",
         "Kozłowski/Kozłowska", "Mazur/Mazur", "Krawczyk/Krawczyk",
         "Woźniak/Woźniak", "Jabłoński/Jabłońska"),
        ("White Other", "White Other", "White Polish"),
        language="Polish",
        adult_home_language=0.85,
        child_home_language=0.35,
        adult_interpreter=0.35,
        child_interpreter=0.05,
    ),
    Culture(
        "romanian", 4,
        {
            "f": ("Ioana", "Andreea", "Elena", "Mihaela", "Alexandra", "Bianca",
                  "Ștefania", "Denisa", "Raluca", "Larisa"),
            "m": ("Andrei", "Ionuț", "Mihai", "Ștefan", "Alexandru", "Florin", "Răzvan",
                  "Cătălin", "Bogdan", "Sorin"),
        },
        ("Popescu", "Ionescu", "Dumitrescu", "Stan", "Constantin", "Munteanu",
         "Rădulescu", "Gheorghe", "Lungu", "Țurcanu", "Șerban", "Moldovan"),
        ("White Other", "White Romanian", "Roma"),
        language="Romanian",
        adult_home_language=0.9,
        child_home_language=0.5,
        adult_interpreter=0.45,
        child_interpreter=0.1,
    ),
    Culture(
        "pakistani", 4,
        {
            "f": ("Aisha", "Ayesha", "Zainab", "Hafsa", "Sana", "Maryam", "Iqra", "Amna",
                  "Hira", "Khadija"),
            "m": ("Mohammed", "Imran", "Bilal", "Zain", "Hamza", "Shahid", "Usman",
                  "Adnan", "Ayaan", "Ibrahim"),
        },
        ("Khan", "Hussain", "Akhtar", "Iqbal", "Mahmood", "Raza", "Butt", "Qureshi",
         "Shah", "Malik"),
        ("Asian or Asian British: Pakistani",),
        other_languages=("Urdu", "Punjabi", "Mirpuri"),
        adult_home_language=0.4,
        child_home_language=0.1,
        adult_interpreter=0.1,
    ),
    Culture(
        "indian", 3,
        {
            "f": ("Priya", "Anjali", "Simran", "Harpreet", "Neha", "Kavita", "Jasleen",
                  "Divya", "Anika", "Meera"),
            "m": ("Arjun", "Rohan", "Rahul", "Gurpreet", "Vikram", "Sanjay", "Jaspal",
                  "Dev", "Aarav", "Manpreet"),
        },
        ("Patel", "Sharma", "Singh", "Gill", "Mistry", "Sandhu", "Chauhan", "Parmar",
         "Bains", "Joshi"),
        ("Asian or Asian British: Indian",),
        other_languages=("Punjabi", "Gujarati", "Hindi"),
        adult_home_language=0.35,
        child_home_language=0.05,
        adult_interpreter=0.1,
    ),
    Culture(
        "bangladeshi", 2,
        {
            "f": ("Nusrat", "Tahmina", "Farzana", "Sumaiya", "Rumana", "Shirin", "Jannat",
                  "Taslima"),
            "m": ("Abdul", "Shahin", "Rashid", "Jamal", "Rafiq", "Sabbir", "Tanvir",
                  "Mizanur"),
        },
        ("Rahman", "Chowdhury", "Miah", "Uddin", "Islam", "Ahmed", "Hoque", "Ali"),
        ("Asian or Asian British: Bangladeshi",),
        other_languages=("Bengali", "Sylheti"),
        adult_home_language=0.6,
        child_home_language=0.15,
        adult_interpreter=0.25,
    ),
    Culture(
        "caribbean", 4,
        {
            "f": ("Shanice", "Keisha", "Tanisha", "Marcia", "Jada", "Aaliyah", "Simone",
                  "Latoya", "Monique", "Paulette"),
            "m": ("Jermaine", "Tyrone", "Delroy", "Andre", "Kareem", "Marcus", "Leon",
                  "Devon", "Winston", "Curtis"),
        },
        ("Campbell", "Thompson", "Clarke", "Francis", "Grant", "Reid", "Beckford",
         "Henry", "McKenzie", "Gordon", "Samuels", "Bailey"),
        ("Black or Black British: Caribbean", "Black or Black British: Caribbean",
         "Mixed: White and Black Caribbean"),
    ),
    Culture(
        "somali", 3,
        {
            "f": ("Hodan", "Fadumo", "Hibo", "Sagal", "Ayaan", "Nimco", "Ifrah", "Muna",
                  "Sahra", "Deeqa"),
            "m": ("Abdirahman", "Mohamed", "Abdullahi", "Hassan", "Liban", "Yusuf",
                  "Mahad", "Bashir", "Abdikarim", "Guled"),
        },
        ("Ahmed", "Hassan", "Warsame", "Abdi", "Farah", "Jama", "Osman", "Nur", "Egal",
         "Omar", "Mohamud"),
        ("Black or Black British: African", "Black or Black British: Somali"),
        language="Somali",
        adult_home_language=0.85,
        child_home_language=0.4,
        adult_interpreter=0.35,
        child_interpreter=0.05,
    ),
    Culture(
        "arabic", 2,
        {
            "f": ("Maryam", "Fatima", "Layla", "Noor", "Amira", "Huda", "Rania", "Yasmin",
                  "Salma", "Reem"),
            "m": ("Omar", "Khalid", "Yusuf", "Ahmad", "Karim", "Tariq", "Hamza", "Sami",
                  "Faris", "Majid"),
        },
        ("Al-Hassan", "Haddad", "Mansour", "Khalil", "Nasser", "Saleh", "Aziz",
         "Hamdan", "Al-Tamimi", "Darwish"),
        ("Other ethnic group: Arab",),
        language="Arabic",
        adult_home_language=0.8,
        child_home_language=0.45,
        adult_interpreter=0.4,
        child_interpreter=0.1,
    ),
    Culture(
        "arabic_script", 1,
        {
            "f": ("مريم", "فاطمة", "ليلى", "نور", "أمل", "هدى", "سلمى", "ريم"),
            "m": ("عمر", "خالد", "يوسف", "أحمد", "كريم", "طارق", "سامي", "حمزة"),
        },
        ("الحسن", "حداد", "منصور", "خليل", "ناصر", "صالح", "عزيز", "درويش"),
        ("Other ethnic group: Arab",),
        language="Arabic",
        adult_home_language=1.0,
        child_home_language=1.0,
        adult_interpreter=0.65,
        child_interpreter=0.3,
        latin_script=False,
    ),
    Culture(
        "vietnamese", 2,
        {
            "f": ("Thị Hương", "Thị Lan", "Thị Mai", "Ngọc Anh", "Thu Trang", "Thị Hằng",
                  "Minh Thư", "Bảo Ngọc"),
            "m": ("Văn Minh", "Đức Anh", "Văn Hùng", "Quang Huy", "Minh Khôi", "Tuấn Anh",
                  "Văn Thắng", "Gia Bảo"),
        },
        ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô"),
        ("Asian or Asian British: Other Asian", "Other ethnic group: Vietnamese"),
        language="Vietnamese",
        adult_home_language=0.9,
        child_home_language=0.5,
        adult_interpreter=0.45,
        child_interpreter=0.1,
    ),
)

#: Towns of the demo county with their postcode districts.
TOWNS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Mansfield", ("NG18", "NG19")),
    ("Mansfield Woodhouse", ("NG19",)),
    ("Sutton-in-Ashfield", ("NG17",)),
    ("Kirkby-in-Ashfield", ("NG17",)),
    ("Hucknall", ("NG15",)),
    ("Arnold", ("NG5",)),
    ("Carlton", ("NG4",)),
    ("Beeston", ("NG9",)),
    ("Stapleford", ("NG9",)),
    ("West Bridgford", ("NG2",)),
    ("Newark-on-Trent", ("NG24",)),
    ("Southwell", ("NG25",)),
    ("Worksop", ("S80", "S81")),
    ("Retford", ("DN22",)),
    ("Eastwood", ("NG16",)),
    ("Bingham", ("NG13",)),
    ("Ollerton", ("NG22",)),
    ("Clipstone", ("NG21",)),
    ("Ruddington", ("NG11",)),
    ("Cotgrave", ("NG12",)),
)

#: Letters allowed in the last two places of a UK postcode.
POSTCODE_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"

STREET_STEMS = (
    "Larkspur", "Foxglove", "Brambling", "Heronsgate", "Kestrel", "Mill Race",
    "Ashcroft", "Pit Head", "Colliers", "Sherwood View", "Linnet", "Hawthorn Bank",
    "Coppice", "Greenhaven", "Wheelwright", "Tanners", "Osier", "Peveril",
    "Byron View", "Lamplighter", "Saxon", "Bluebell", "Cinder", "Fernleigh",
    "Maltkiln", "Wharf", "Ropewalk", "Headstocks", "Orchard Rise", "Sandpiper",
)
STREET_KINDS = (
    "Road", "Street", "Close", "Avenue", "Crescent", "Drive", "Way", "Lane",
    "Gardens", "Court", "Walk", "Grove", "Rise", "Mews",
)
BLOCK_NAMES = ("Kestrel House", "Linnet Court", "Wharf House", "Tanners Court",
               "Osier Point", "Saxon House")

SCHOOL_STEMS = (
    "Oakfield", "Brook Lane", "St Aidan's C of E", "Holy Family Catholic", "Hollybank",
    "Sherwood Vale", "Meadow Bank", "Riverside", "Forest View", "Greenwood",
    "Millfield", "Abbey Fields", "Heathcote", "Willowbrook", "Kingsmead",
)
NURSERIES = ("Little Acorns Nursery", "Busy Bees Pre-school", "Rainbow Day Nursery",
             "Tiny Steps Pre-school")
GP_STEMS = ("Willow Tree", "Maple Lodge", "Oak Tree", "Highfield", "Brookside",
            "Castle View", "Newgate", "Larch Road", "Meadows", "Riverbank", "Station Road")
GP_KINDS = ("Surgery", "Medical Centre", "Health Centre", "Medical Practice")

# Who refers, by contact source: (role, organisation) pairs. ``{n}`` is a
# collar number; ``{town}``, ``{school}`` and ``{gp}`` come from the subject.
# A key with a suffix (``_adult``, ``_unborn``, ``_infant``) is preferred
# when it fits the subject.
REFERRERS: dict[str, tuple[tuple[str, str | None], ...]] = {
    "police": (
        ("Police Constable {n}", "County Police"),
        ("Police Constable {n}, Response", "County Police"),
        ("PC {n}, Neighbourhood Team", "County Police"),
        ("Detective Constable {n}, Public Protection Unit", "County Police"),
        ("Sergeant {n}, Response", "County Police"),
        ("DC {n}, Child Exploitation Team", "County Police"),
        ("PC {n}, Domestic Abuse Unit", "County Police"),
    ),
    "school": (
        ("Designated Safeguarding Lead", "{school}"),
        ("Deputy Designated Safeguarding Lead", "{school}"),
        ("Head Teacher", "{school}"),
        ("Pastoral Lead", "{school}"),
        ("Head of Year", "{school}"),
    ),
    "health": (
        ("GP", "{gp}"),
        ("Staff Nurse, Emergency Department", "County General Hospital"),
        ("School Nurse", "{town} School Nursing Team"),
        ("Child and Adolescent Mental Health Practitioner", "County CAMHS"),
    ),
    "health_infant": (
        ("Health Visitor", "{town} Health Visiting Team"),
        ("Health Visitor", "{town} Health Visiting Team"),
        ("GP", "{gp}"),
        ("Staff Nurse, Emergency Department", "County General Hospital"),
    ),
    "health_unborn": (("Community Midwife", "Maternity Services, {town}"),),
    "health_adult": (
        ("GP", "{gp}"),
        ("Staff Nurse, Emergency Department", "County General Hospital"),
        ("District Nurse", "{town} Community Health Team"),
    ),
    "social_care": (
        ("Social Worker, Children's Disability Team", "County Council"),
        ("Social Worker, Fostering Team", "County Council"),
    ),
    "social_care_adult": (
        ("Social Worker, Adult Social Care", "County Council"),
        ("Care Coordinator, Reablement Team", "County Council"),
    ),
    "probation": (("Probation Officer", "Probation Service, {town}"),),
    "early_help": (
        ("Family Support Worker", "Early Help Unit, {town}"),
        ("Early Help Practitioner", "Early Help Unit, {town}"),
    ),
    "housing": (
        ("Housing Officer", "District Council Housing Services"),
        ("Tenancy Sustainment Officer", "District Council Housing Services"),
    ),
    "voluntary": (
        ("Project Worker", "Trentside Women's Aid"),
        ("Young Carers Worker", "County Young Carers Project"),
        ("Volunteer Coordinator", "Hope Street Food Bank"),
        ("Caseworker", "New Roots Refugee Support"),
        ("Recovery Worker", "Open Door Drug and Alcohol Service"),
    ),
    "public": (
        ("Neighbour", None), ("Neighbour", None), ("Neighbour", None),
        ("Relative (aunt)", None), ("Relative (grandfather)", None),
        ("Family friend", None), ("Member of the public", None),
    ),
    "other": (
        ("Paramedic", "County Ambulance Service"),
        ("Fire Safety Officer", "County Fire and Rescue Service"),
        ("Youth Worker", "Oakfield Youth Centre"),
        ("Duty Officer", "Neighbouring Local Authority"),
        ("Pastor", "Grace Community Church"),
    ),
}
EMAIL_DOMAINS = {
    "police": "police.example.org", "school": "school.example.org",
    "health": "nhs.example.org", "social_care": "council.example.org",
    "early_help": "council.example.org", "probation": "probation.example.org",
    "housing": "housing.example.org", "voluntary": "charity.example.org",
    "public": "example.com", "other": "example.net",
}  # fmt: skip
AGENCY_BY_SOURCE = {
    "police": "POL", "school": "EDU", "health": "HLT", "social_care": "CSC",
    "social_care_adult": "ASC", "probation": "PRB", "early_help": "EH",
}  # fmt: skip

# How often each contact source refers each kind of subject (percentages).
SOURCE_WEIGHTS: dict[str, tuple[tuple[str, float], ...]] = {
    "child": (
        ("police", 35), ("school", 20), ("health", 14), ("public", 8), ("social_care", 6),
        ("anonymous", 3), ("early_help", 4), ("probation", 3), ("housing", 3),
        ("voluntary", 2), ("other", 2),
    ),
    "adult": (
        ("police", 35), ("health", 25), ("social_care", 14), ("public", 9), ("housing", 6),
        ("voluntary", 5), ("anonymous", 3), ("probation", 1), ("other", 2),
    ),
    "unborn": (
        ("health", 55), ("police", 15), ("social_care", 15), ("probation", 10),
        ("early_help", 5),
    ),
}  # fmt: skip
CHANNELS: dict[str, tuple[tuple[str, float], ...]] = {
    "police": (("portal", 60), ("email", 35), ("phone", 5)),
    "school": (("portal", 55), ("email", 25), ("phone", 20)),
    "public": (("phone", 70), ("portal", 20), ("email", 5), ("in_person", 5)),
    "anonymous": (("phone", 80), ("portal", 10), ("letter", 10)),
    "*": (("portal", 45), ("email", 30), ("phone", 25)),
}
# Concern categories: how common each is, and how each source shifts the mix.
CATEGORY_WEIGHTS: dict[str, float] = {
    "domestic_abuse": 30, "neglect": 25, "physical": 12, "emotional": 10,
    "mental_health": 9, "exploitation": 5, "missing": 5, "sexual": 4,
    "other": 5, "radicalisation": 1,
}  # fmt: skip
SOURCE_EMPHASIS: dict[str, dict[str, float]] = {
    "police": {"domestic_abuse": 2.5, "missing": 3, "exploitation": 2, "neglect": 0.6},
    "school": {"neglect": 1.4, "emotional": 1.6, "physical": 1.3, "domestic_abuse": 0.6},
    "health": {"neglect": 1.3, "physical": 1.4, "mental_health": 1.5},
    "housing": {"other": 4},
}

ADULT_NEEDS: dict[str, tuple[tuple[str, bool], ...]] = {
    # (needs, usually has capacity)
    "young": (
        ("Mild learning disability; lives with family and has 10 hours a week of "
         "support from a personal assistant.", True),
        ("Autistic; struggles to manage money and appointments without prompting.", True),
        ("Moderate learning disability; attends a day service three days a week.", False),
        ("Care leaver with an emotionally unstable personality disorder; no current "
         "package of support.", True),
    ),
    "middle": (
        ("Long-term alcohol dependency; poor self-care and significant weight loss.", True),
        ("Diagnosis of paranoid schizophrenia; under the community mental health team.",
         True),
        ("Multiple sclerosis; uses a wheelchair and has carers twice daily.", True),
        ("Acquired brain injury after a road traffic collision; memory problems.", False),
    ),
    "older": (
        ("Vascular dementia; daughter provides most day-to-day care.", False),
        ("Lives alone; mobility limited following a stroke, uses a frame indoors; "
         "carers visit twice daily.", True),
        ("Registered blind; needs help with correspondence and finances.", True),
        ("Parkinson's disease with a history of falls; pendant alarm fitted.", True),
        ("Alzheimer's disease; recently discharged from hospital with a reablement "
         "package.", False),
    ),
}

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")
ORDINALS = ("second", "third", "fourth", "fifth", "sixth")
QUOTES = (
    "the police came to our house last night",
    "I had to hide in my room because they were shouting",
    "there was loads of shouting and mum was crying",
    "I don't want to go home today",
    "he smashed the telly again",
    "I put my headphones on so I couldn't hear",
)

# Concern templates: (sources, min age, max age, text). ``sources`` is a
# space-separated list of contact-source codes, or "*" for any referrer.
Template = tuple[str, int, int, str]

CHILD_TEMPLATES: dict[str, tuple[Template, ...]] = {
    "domestic_abuse": (
        ("police", 0, 17,
         "Police attended a domestic incident at {street} at {time} on {day} following a "
         "999 call from {carer}. She reported that {partner_desc} had pushed her against "
         "the kitchen door and taken her phone; {child} was present in the house. "
         "{partner} had left before officers arrived and has not yet been located. "
         "DASH risk assessment completed: {dash} risk."),
        ("police", 0, 17,
         "Officers were called by a neighbour reporting shouting and banging at the "
         "address at {time}. {carer} had swelling under her left eye but declined to "
         "make a statement. {child} was awake on the landing when officers arrived. This "
         "is the {nth} domestic incident recorded at the address in the last 12 months."),
        ("police", 0, 17,
         "{partner_full} was arrested at {time} on {day} for assault occasioning actual "
         "bodily harm against {carer} after an argument about money. {child} was asleep "
         "upstairs; officers checked on {them} and {they} appeared unharmed. {partner} "
         "has been released on bail with conditions not to attend the address."),
        ("school", 4, 17,
         "{child} told {their} class teacher this morning that \"{quote}\". {They} "
         "appeared tired and withdrawn and did not want to go home at the end of the "
         "day. {carer} later rang the school and said there had been \"a bit of an "
         "argument\" but everything was fine now."),
        ("health", 0, 17,
         "At a routine contact {carer} disclosed that {partner_desc} controls the "
         "household money and checks her phone, and that he threw a mug at her last "
         "week while {child} was in the room. She has not reported this to police and "
         "asked that {partner} is not told she has spoken to us."),
        ("public", 0, 17,
         "Caller lives nearby and reports hearing a man shouting and a woman screaming "
         "at the address on several nights, most recently at about {time} on {day}. "
         "Caller heard a child crying and has seen {carer} with bruising on her arm. "
         "Caller did not phone the police at the time as they are frightened of "
         "{partner}."),
        ("*", 0, 17,
         "There is a history of domestic abuse between {carer} and {partner_desc}, who "
         "has recently returned to the family home. {carer} has told professionals that "
         "things are \"different this time\", but {partner} has a previous conviction "
         "for assaulting a former partner."),
        ("police", 0, 17,
         "For information: officers attended a verbal argument between {carer} and "
         "{partner_desc} at {street} at {time} on {day}. No offences were disclosed and "
         "nobody was hurt; {child} was staying with a relative that night. DASH risk "
         "assessment: standard risk."),
    ),
    "neglect": (
        ("school", 4, 17,
         "{child} has arrived at school hungry on most mornings this half-term and has "
         "been taking food from other children's lunch boxes. {Their} uniform is "
         "unwashed and too small. Attendance this year is {pct}% with {n} unexplained "
         "absences, and {carer} has not responded to three letters or a request for a "
         "home visit."),
        ("school", 4, 17,
         "{child} has had untreated head lice for several weeks and a tooth abscess "
         "that the school raised with {carer} on {day}; no dental appointment has been "
         "made. Attendance is {pct}% and {they} is often collected late."),
        ("health", 0, 4,
         "The health visitor completed a home visit on {day}. The home was cold, there "
         "was dog mess on the living-room floor and little food in the kitchen. {child} "
         "had severe nappy rash and has missed the last two immunisation "
         "appointments. {carer} appeared low in mood and said she was struggling to "
         "cope."),
        ("health", 0, 17,
         "{child} was not brought to {n} hospital outpatient appointments for a "
         "heart condition since the spring. The consultant is concerned that "
         "medication is not being given as prescribed."),
        ("police", 0, 12,
         "Officers attending a concern-for-welfare call found {child} ({age_text}) "
         "alone at {street} at {time}; {carer} returned 40 minutes later and said she "
         "had gone to the shop. The property was in a poor state with no working "
         "lights upstairs, broken glass in the back garden and an empty fridge."),
        ("public", 0, 17,
         "Caller reports that {child} is often outside late in the evening without a "
         "coat and has knocked on the caller's door asking for food. The curtains at "
         "the address are always closed and there are frequent visitors at night."),
        ("*", 0, 17,
         "Professionals are worried about the condition of the home and the level of "
         "supervision {child} receives. {carer} has been offered early help twice in "
         "the last year but has not engaged."),
    ),
    "physical": (
        ("school", 4, 17,
         "{child} arrived at school with a bruise to {their} left cheek about 3 cm "
         "across. {They} first said {they} fell off {their} bike, then told a teaching "
         "assistant that {partner} \"grabbed my face\". A body map has been completed."),
        ("health", 0, 3,
         "{child} ({age_text}) was brought to the Emergency Department at {time} with "
         "a swollen right forearm; X-ray shows a spiral fracture. {carer} said {they} "
         "rolled off the sofa, which the consultant considers inconsistent with the "
         "injury. There was a delay of about 14 hours before attendance."),
        ("health", 4, 17,
         "{child} attended the Emergency Department at {time} with a burn to the back "
         "of {their} hand. The explanation given changed twice during triage and "
         "{they} appeared frightened when {partner} came into the cubicle."),
        ("police", 0, 17,
         "While attending the address on {day}, officers saw fingertip bruising to "
         "{child}'s upper arms. {carer} said {partner} had \"been a bit rough\" "
         "getting {them} ready for bed."),
        ("*", 0, 17,
         "{child} has been seen with unexplained marks on {their} legs on {n} occasions "
         "this term. {carer} says {they} bruises easily; there is no medical "
         "explanation on record."),
    ),
    "sexual": (
        ("school", 11, 17,
         "{child} disclosed to the safeguarding lead that an older youth has been "
         "sending {them} messages asking for pictures and has shared an image of "
         "{them} in a group chat. {They} was very distressed. The school has not "
         "searched the phone and has recorded the disclosure verbatim."),
        ("health", 13, 17,
         "{child} ({age_text}) attended a sexual health clinic on {day} requesting "
         "emergency contraception and said {their} boyfriend is 22. {They} would not "
         "give his surname or address."),
        ("*", 5, 17,
         "{child} told a trusted adult that a family friend had touched {them} "
         "inappropriately and told {them} to keep it a secret. The adult has not "
         "questioned {them} further and has not told {carer} yet."),
    ),
    "emotional": (
        ("school", 4, 17,
         "{child} is increasingly anxious and tearful in school and says {they} is "
         "\"stupid\" and \"nobody wants me\". Staff overheard {carer} calling {them} a "
         "waste of space at the school gate on {day}."),
        ("*", 6, 17,
         "{child} is regularly left to look after younger children and to do the "
         "family's shopping and cooking. {They} is missing school and has said {they} "
         "gets shouted at if the house is not tidy."),
        ("*", 0, 17,
         "{carer} is described by professionals as very critical of {child} and "
         "has been seen shouting at {them} and refusing to comfort {them} when upset."),
    ),
    "exploitation": (
        ("police", 12, 17,
         "{child} was stopped at {time} at {other_town} bus station carrying £{cash} in "
         "cash and two mobile phones. {They} would not say where the money came from. "
         "Intelligence links the phone numbers to a county lines drug line."),
        ("school", 11, 17,
         "{child} has been seen getting into cars with older males after school and has "
         "new trainers and a new phone that {carer} says she did not buy. "
         "Attendance has dropped to {pct}%."),
        ("*", 12, 17,
         "{child} has been found in {other_town} on {n} occasions in the company of "
         "adults known to police for drug supply. {They} has an unexplained cut to "
         "{their} hand and is reluctant to talk to professionals."),
    ),
    "missing": (
        ("police", 9, 17,
         "{child} was reported missing by {carer} at {time} on {day} and was found 19 "
         "hours later in {other_town} with older males. This is the {nth} missing "
         "episode in three months. {They} declined a return home interview."),
        ("*", 9, 17,
         "{child} has been going missing overnight, most recently on {day}, and "
         "returns with cigarettes and alcohol. {carer} says she cannot control {them}."),
    ),
    "radicalisation": (
        ("school", 11, 17,
         "Staff overheard {child} expressing support for an extremist group and sharing "
         "violent videos in a class group chat. {They} has become isolated from "
         "{their} friends. The school has consulted the Prevent lead."),
        ("police", 12, 17,
         "A Prevent referral has been received about {child}, who has been accessing "
         "extremist material online and talking about wanting to \"do something\". "
         "{carer} is unaware of the extent of {their} online activity."),
    ),
    "mental_health": (
        ("school", 10, 17,
         "{child} disclosed to the school nurse that {they} has been cutting {their} "
         "forearms for several months. {They} said {they} sometimes thinks about "
         "not being here. A referral to CAMHS has been made."),
        ("health", 0, 17,
         "{carer} has a diagnosis of bipolar disorder and stopped her medication "
         "about a month ago. The GP is worried about her ability to meet {child}'s "
         "needs while unwell."),
        ("police", 0, 17,
         "Police attended at {time} on {day} after {carer} phoned to say she was going "
         "to take her own life. {child} was at home. {carer} was taken to hospital under "
         "section 136 and {child} was cared for overnight by a neighbour."),
        ("*", 12, 17,
         "{child} has stopped eating with the family and has lost weight noticeably "
         "since the summer. {They} is refusing to see the GP."),
    ),
    "other": (
        ("police", 0, 17,
         "During a drugs warrant at {street} on {day}, officers found cannabis plants "
         "and used needles within reach of {child}. {carer} and {partner} were "
         "arrested and {child} was taken to a relative."),
        ("housing", 0, 17,
         "The family have been served with a possession order for rent arrears and "
         "are due to be evicted on {day} week. The property has severe damp and mould "
         "and {child} has been admitted to hospital twice with breathing problems."),
        ("*", 0, 17,
         "{carer} has told professionals she is using cocaine at weekends while "
         "{partner} looks after {child}. {partner} is also believed to be using."),
        ("*", 8, 17,
         "{child} appears to be living with a family friend rather than {carer}, and "
         "has been for more than a month; this may be a private fostering "
         "arrangement that has not been notified."),
        ("*", 0, 17,
         "For information and advice: {carer} asked for advice about {child}'s sleep "
         "and behaviour at home since a house move. No concern about {their} safety "
         "has been raised."),
    ),
}

ADULT_TEMPLATES: dict[str, tuple[Template, ...]] = {
    "domestic_abuse": (
        ("police", 18, 90,
         "Police attended {street} at {time} on {day} after {adult_full} phoned 999 "
         "saying {their} {rel} {rel_name} had threatened {them} with a knife. {They} "
         "has mobility problems and could not leave the house. DASH risk assessment: "
         "{dash} risk."),
        ("*", 18, 90,
         "{adult} has told {their} carers that {their} {rel} {rel_name} shouts at "
         "{them}, takes {their} bank card and has locked {them} in the bedroom."),
    ),
    "neglect": (
        ("*", 18, 90,
         "Home care staff found {adult_full} on the floor at {time} on {day}; {they} had "
         "been there overnight. The home was cold, there was no food in the fridge and "
         "{their} medication had not been collected for {n} weeks."),
        ("*", 18, 90,
         "{adult} is refusing help with personal care and the property is severely "
         "cluttered, with rotting food and blocked exits. Fire service has assessed "
         "the home as high risk."),
    ),
    "physical": (
        ("health", 18, 90,
         "{adult_full} attended the Emergency Department with bruising to both wrists "
         "and a black eye. {They} said {they} fell, but the pattern of injury is not "
         "consistent with a fall. {Their} {rel} {rel_name} answered every question for "
         "{them}."),
        ("*", 18, 90,
         "Carers noticed grip marks on {adult}'s upper arms on {day}. {adult} became "
         "upset when asked and said {their} {rel} \"gets cross\"."),
    ),
    "exploitation": (
        ("*", 18, 90,
         "About £{cash} has left {adult_full}'s bank account in the last two months in "
         "cash withdrawals {they} cannot account for. {Their} {rel} {rel_name} recently "
         "became an additional card holder."),
        ("police", 18, 64,
         "Police believe {adult}'s flat at {street} has been taken over by people "
         "dealing drugs (cuckooing). Neighbours report visitors at all hours and "
         "{adult} has been seen with a facial injury."),
    ),
    "emotional": (
        ("*", 18, 90,
         "{adult} says {their} {rel} {rel_name} threatens to put {them} in a home and "
         "stops friends from visiting. {They} appears frightened and withdrawn."),
    ),
    "sexual": (
        ("*", 18, 90,
         "{adult} disclosed to a support worker that a man who visits the house has "
         "touched {them} without consent. {They} did not want to give his name."),
    ),
    "mental_health": (
        ("*", 18, 90,
         "{adult_full} has expressed thoughts of ending {their} life to {their} GP and "
         "has stopped taking {their} medication. {Their} {rel} {rel_name} is struggling "
         "to cope with {their} care."),
    ),
    "other": (
        ("housing", 18, 90,
         "{adult} has rent arrears of £{cash} and is at risk of eviction. {They} has "
         "not opened post for months and does not appear to understand the "
         "possession proceedings."),
        ("*", 18, 90,
         "{adult} has been discharged from hospital without the agreed package of "
         "care in place and is relying on a neighbour for meals."),
        ("*", 18, 90,
         "For information: {adult} has moved to sheltered housing at {street} and "
         "asked that professionals have the new address. No concern about {their} "
         "safety has been raised."),
    ),
}

UNBORN_TEMPLATES: dict[str, tuple[Template, ...]] = {
    "domestic_abuse": (
        ("*", 0, 0,
         "{mother} is {weeks} weeks pregnant (due {edd}). She disclosed to her midwife "
         "that {partner_desc} has hit her in the stomach during an argument and "
         "controls when she can leave the house."),
        ("police", 0, 0,
         "Police attended a domestic incident at {street} at {time} on {day}. {mother}, "
         "who is {weeks} weeks pregnant, had a cut lip; {partner_full} was arrested. "
         "DASH risk assessment: {dash} risk."),
    ),
    "neglect": (
        ("*", 0, 0,
         "{mother} is {weeks} weeks pregnant (due {edd}). Her {n} older children are "
         "subject to care orders following long-standing neglect, and she has not yet "
         "booked with maternity services."),
    ),
    "mental_health": (
        ("*", 0, 0,
         "{mother} is {weeks} weeks pregnant and has a history of severe postnatal "
         "depression with a previous baby. She has recently stopped her antidepressants "
         "and told her midwife she feels \"numb\"."),
    ),
    "other": (
        ("*", 0, 0,
         "{mother} is {weeks} weeks pregnant (due {edd}) and has disclosed daily "
         "heroin use. She is not currently engaged with the substance misuse service "
         "and has missed two antenatal appointments."),
    ),
}

CLOSERS: dict[str, tuple[str, ...]] = {
    "police": ("Referred to the MASH for multi-agency checks.",
               "Submitted under the domestic abuse notification process.",
               "Officer requests that partner agencies are made aware."),
    "school": ("The school would welcome advice and support for the family.",
               "The school is happy to attend any meetings and to share records."),
    "health": ("Referrer asks social care to consider whether the threshold is met.",
               "Health colleagues will continue to offer universal contacts."),
    "public": ("Caller did not want their details shared with the family.",
               "Caller was advised to phone 999 if they hear anything further."),
    "anonymous": ("Caller would not give their name or number.",),
    "*": ("Referrer requests advice on next steps.",
          "Referrer is available to discuss.", ""),
}

PARENTS_NOT_AWARE = (
    "Telling the mother may increase risk from her partner.",
    "Informing the family could put the child at risk of further harm.",
    "Police enquiries are ongoing and informing the parents may prejudice them.",
    "The young person asked that their parents are not told yet.",
    "Mother could not be contacted before the referral was made.",
)
CONSENT_NOT_OBTAINED = (
    "Seeking consent would place the child at increased risk of harm.",
    "Consent not sought: police investigation ongoing.",
    "Mother declined consent; referrer considers the threshold for sharing without "
    "consent is met.",
    "Parents could not be contacted out of hours.",
    "Consent not sought because of the urgency of the concern.",
)


_ASCII = str.maketrans({"ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ø": "o", "ß": "ss"})


def given_name(rng: random.Random, culture: Culture, gender: str, born: date) -> str:
    """A given name in fashion in the year of birth, where the culture records fashions."""
    sex = "f" if gender == "female" else "m" if gender == "male" else rng.choice("fm")
    era = "young" if born.year >= 2005 else "old" if born.year < 1970 else ""
    return rng.choice(culture.given.get(f"{sex}_{era}") or culture.given[sex])


def family_form(stem: str, gender: str) -> str:
    """The male or female form of a family name such as ``"Kowalski/Kowalska"``."""
    forms = stem.split("/")
    return forms[-1] if gender == "female" else forms[0]


def first_language(rng: random.Random, culture: Culture, adult: bool) -> tuple[str, bool]:
    """First language and whether an interpreter is needed, for this heritage."""
    home = culture.adult_home_language if adult else culture.child_home_language
    if rng.random() >= home:
        return "English", False
    language = rng.choice(culture.other_languages or (culture.language,))
    if language == "Welsh":
        return language, False
    needs = culture.adult_interpreter if adult else culture.child_interpreter
    return language, rng.random() < needs


def address(rng: random.Random) -> dict[str, object]:
    """A fictional street in a real town, with a postcode of valid syntax."""
    town, districts = rng.choice(TOWNS)
    street = f"{rng.choice(STREET_STEMS)} {rng.choice(STREET_KINDS)}"
    if rng.random() < 0.15:
        line1 = f"Flat {rng.randint(1, 24)}, {rng.choice(BLOCK_NAMES)}, {street}"
    else:
        line1 = f"{rng.randint(1, 160)} {street}"
    inward = f"{rng.randint(1, 9)}{''.join(rng.choices(POSTCODE_LETTERS, k=2))}"
    postcode = f"{rng.choice(districts)} {inward}"
    return {"line1": line1, "line2": None, "town": town, "postcode": postcode}


def school(rng: random.Random, age: int, town: str) -> str | None:
    """A nursery, school or college fitting the age; None for babies and some 16-17s."""
    if age < 2 or (age < 4 and rng.random() < 0.5) or (age >= 16 and rng.random() < 0.2):
        return None
    if age < 4:
        return f"{rng.choice(NURSERIES)}, {town}"
    if age < 11:
        kind = "Primary School"
    else:
        kind = rng.choice(("Academy", "High School", "School")) if age < 16 else "College"
    return f"{rng.choice(SCHOOL_STEMS)} {kind}, {town}"


def gp_practice(rng: random.Random, town: str) -> str | None:
    """A GP practice; now and then the person is not registered with one."""
    if rng.random() < 0.04:
        return None
    return f"{rng.choice(GP_STEMS)} {rng.choice(GP_KINDS)}, {town}"


def phone(rng: random.Random, mobile: bool) -> str:
    """A number from Ofcom's drama ranges, which are never allocated."""
    number = rng.randint(0, 999)
    if mobile:
        return f"07700 900{number:03d}"
    return f"0115 496 0{number:03d}" if rng.random() < 0.7 else f"01632 960{number:03d}"


def ascii_slug(text: str) -> str:
    """Lower-case letters and digits only: ``"Łukasz Ó Briain"`` -> ``"lukaszobriain"``."""
    text = unicodedata.normalize("NFKD", text.translate(_ASCII))
    return "".join(c for c in text.lower() if c.isascii() and c.isalnum())


def email(rng: random.Random, given: str, family: str, domain: str, mailbox: str = "") -> str:
    """``given.family@domain``, or a shared ``mailbox@domain``."""
    given, family = ascii_slug(given), ascii_slug(family)
    if mailbox or not (given and family):
        return f"{mailbox or 'enquiries'}@{domain}"
    suffix = str(rng.randint(1, 99)) if domain == "example.com" else ""
    return f"{given}.{family}{suffix}@{domain}"
