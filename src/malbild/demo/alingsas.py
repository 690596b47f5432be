"""Alingsås kommun: the demo data, as Python data.

Sources (public records, copied here so the demo never reads ../shared at run time):
- `000_…` Kultur- och fritidsnämnden 2018-03-19 § 14 (Dnr 2018.032 KFN), its consultation
  response with the committee's digital initiatives: verbatim activity titles and statuses.
- `001_…` Kommunledningskontoret's report to Kommunstyrelsen 2018-08-23 (Dnr 2017.676 KS):
  verbatim decisions, narrative text, process owner, period and distribution.
- `002_…` Miljöskyddsnämnden 2018-04-16 (Dnr 2018.018 MN), its consultation response:
  the e-archive and the criticism of counting "number of e-services".

Marked ILLUSTRATIVE below: what the records do not say and the demo needs to be usable — the
eleven focus areas (the records say "elva olika målområden" but do not name them), goals,
indicators with their baselines and targets, activities outside the culture committee's list,
amounts of budget lines, catalogue details and a few bodies added for completeness.

Bodies, documents and items are referred to by name (bodies), key (documents) and number/key
(focus areas, goals); the loader in `malbild.demo.loader` resolves them.
"""

ORGANISATION = {
    "name": "Alingsås kommun",
    "slug": "alingsas",
    "kolada_id": "1489",
    # Lerum and Borås: the neighbours the broadband share is compared with (Kolada).
    "kolada_peers": "1441, 1490",
    "population": 42000,
}

KF = "Kommunfullmäktige"
KS = "Kommunstyrelsen"
KSAU = "Kommunstyrelsens arbetsutskott"
KLK = "Kommunledningskontoret"
DIGITALA_ENHETEN = "Digitala enheten"
KFN = "Kultur- och fritidsnämnden"
KFF = "Kultur- och fritidsförvaltningen"
MN = "Miljöskyddsnämnden"
MSK = "Miljöskyddskontoret"
SBK = "Samhällsbyggnadskontoret"
TF = "Tekniska förvaltningen"
BUN = "Barn- och ungdomsnämnden"
VAN = "Vård- och äldreomsorgsnämnden"
SN = "Socialnämnden"
BN = "Byggnadsnämnden"

# (name, short_name, kind, parent name or None). Listed parents before children.
BODIES = [
    # From the seeds (001, 000, 002):
    (KF, "KF", "council", None),
    (KS, "KS", "executive_board", None),
    (KSAU, "KSAU", "working_committee", KS),
    (KLK, "KLK", "administration", KS),
    # 001: "en ny digital enhet under kommunstyrelsen upprättas"
    (DIGITALA_ENHETEN, "", "administration", KLK),
    (KFN, "KFN", "committee", None),
    (KFF, "KFF", "administration", KFN),
    (MN, "MN", "committee", None),
    (MSK, "", "administration", MN),
    # 002: the two offices answered together with Miljöskyddskontoret; placing them under
    # Kommunstyrelsen is an assumption (ILLUSTRATIVE).
    (SBK, "", "administration", KS),
    (TF, "", "administration", KS),
    # Added for completeness: committees a municipality of Alingsås's size has (the records
    # send the plan to "samtliga nämnder" without naming them) (ILLUSTRATIVE):
    (BUN, "BUN", "committee", None),
    (VAN, "VÄN", "committee", None),
    (SN, "SN", "committee", None),
    (BN, "BN", "committee", None),
    # From the seeds (001: "Beslutet ska skickas till … FABS AB, Alingsåshem AB,
    # Alingsås Energi AB"; 000/001: the rescue services association and the external bodies):
    ("FABS AB", "FABS", "company", None),
    ("Alingsåshem AB", "", "company", None),
    ("Alingsås Energi AB", "", "company", None),
    ("Alingsås och Vårgårda Räddningstjänstförbund", "", "association", None),
    ("Föreningen Sambruk", "Sambruk", "external", None),
    ("Kommunnätverket Kivos", "Kivos", "external", None),
    ("Internetstiftelsen i Sverige", "IIS", "external", None),
]

COMMITTEES = [KFN, MN, BUN, VAN, SN, BN]
COMPANIES = ["FABS AB", "Alingsåshem AB", "Alingsås Energi AB"]
ASSOCIATIONS = ["Alingsås och Vårgårda Räddningstjänstförbund"]
EXTERNAL = ["Föreningen Sambruk", "Kommunnätverket Kivos", "Internetstiftelsen i Sverige"]
# 001: "remitteras till samtliga nämnder och kommunala bolag samt till Alingsås och Vårgårda
# Räddningstjänstförbund samt till de externa intressenterna …"
CONSULTEES = COMMITTEES + COMPANIES + ASSOCIATIONS + EXTERNAL

# Catalogue (000 names Koha, e-lending, ticketing, Digitalt museum, the booking system;
# 002 the e-archive). Descriptions, owners and usage measures are ILLUSTRATIVE.
CATALOGUE = [
    {
        "kind": "it_system",
        "name": "Koha",
        "description": "Biblioteksdatasystemet Koha (öppen källkod) för katalog, lån och "
        "låntagare i folkbiblioteken.",
        "owning_body": KFF,
        "system_owner": "Bibliotekschefen",
        "system_manager": "Systemförvaltare för biblioteken",
        "url": "https://koha-community.org/",
    },
    {
        "kind": "it_system",
        "name": "DigitaltMuseum",
        "description": "Publiceringsplattform där Alingsås museum tillgängliggör samlingarna "
        "och det lokala kulturarvet.",
        "owning_body": KFF,
        "system_owner": "Kulturchefen",
        "system_manager": "Museiintendent",
        "url": "https://digitaltmuseum.se/",
    },
    {
        "kind": "it_system",
        "name": "Boknings-, bidrags- och kassasystem",
        "description": "System för lokalbokning, föreningsbidrag och kassa (upphandling pågår).",
        "owning_body": KFF,
        "system_owner": "Fritidschefen",
        "system_manager": "Systemförvaltare för boknings- och bidragssystemet",
    },
    {
        "kind": "it_system",
        "name": "E-arkiv",
        "description": "Gemensamt e-arkiv för slutarkivering av digitala handlingar från "
        "verksamhetssystem och e-tjänster.",
        "owning_body": KLK,
        "system_owner": "Kommundirektören",
        "system_manager": "Kommunarkivarien",
    },
    {
        "kind": "e_service",
        "name": "E-lån av e-böcker",
        "description": "Låna e-böcker och e-ljudböcker från biblioteket dygnet runt.",
        "owning_body": KFF,
        "usage_measure": "Antal e-lån per år",
    },
    {
        "kind": "e_service",
        "name": "Digitalt biljettköp Kulturhuset",
        "description": "Köp biljetter till Kulturhusets föreställningar från hemsidan via "
        "dator, mobil och surfplatta.",
        "owning_body": KFF,
        "usage_measure": "Andel biljetter som säljs digitalt",
    },
    {
        "kind": "e_service",
        "name": "Ansökan om bygglov",
        "description": "Ansök om bygglov, marklov och rivningslov digitalt med e-legitimation.",
        "owning_body": SBK,
        "usage_measure": "Andel bygglovsansökningar som kommer in digitalt",
    },
]

VISION_TITLE = "Digital målbild för Alingsås kommun – öppen och smart"
PLAN_TITLE = "Handlingsplan Digital målbild för Alingsås kommun 2018–2020"
COMMITTEE_PLAN_TITLE = "Kultur- och fritidsnämndens plan för digitalisering 2019–2020"

# Texts verbatim from 001 (the first paragraph of "Målbilden" from 000/002, which quote the
# case); the headings are ours.
VISION_SECTIONS = [
    (
        "Bakgrund",
        "Kommunfullmäktige antog den 25 november 2015, § 180 e-strategi för Alingsås kommun. "
        "I Flerårsstrategi 2018–2020, antagen av kommunfullmäktige den 13 december 2017, "
        "§ 251 fastställs att Alingsås kommun ska ta tillvara digitaliseringens "
        "utvecklingsmöjligheter och organisationens vilja att förändra i högre utsträckning.\n\n"
        "Kommunfullmäktige har i samband med beslut om flerårsstrategi 2018-2020 även beslutat "
        "att kommunstyrelsen skyndsamt ska ta fram ett program för Alingsås digitala "
        "färdriktning där mål konkretiseras genom en handlingsplan och att en ny digital enhet "
        "under kommunstyrelsen upprättas i syfte att säkerställa utvecklingsarbetet. Därefter "
        "har ett förslag till digital målbild för Alingsås kommun tagits fram: *Digital "
        "målbild - öppen och smart*.",
    ),
    (
        "Målbilden",
        "Alingsås ska ha både ett strategiskt perspektiv och en konkret målbild för vad vi "
        "vill med digitaliseringen. Den digitala målbilden är kommunfullmäktiges strategiska "
        "styrdokument.\n\n"
        "Kommunfullmäktige har beslutat om ett framtagande av ett strategiskt dokument "
        "innehållande målbild och en handlingsplan för kommunens digitalisering.",
    ),
    (
        "Beslut",
        "Förslag till kommunfullmäktige för beslut:\n\n"
        "*Digital målbild för Alingsås kommun – öppen och smart, antas.*",
    ),
]

# ILLUSTRATIVE: the records name the vision "öppen och smart" but not its overall goals.
VISION_OVERALL_GOALS = [
    {
        "key": "oppen",
        "title": "Öppen – Alingsås kommun är öppen, tillgänglig och delaktig",
        "description": "Invånare, företag och besökare möter en kommun som delar information "
        "och data, är lätt att nå digitalt och bjuder in till delaktighet.",
    },
    {
        "key": "smart",
        "title": "Smart – digitaliseringen gör verksamheten enklare, effektivare och bättre",
        "description": "Verksamheterna använder digitaliseringens möjligheter utifrån sina "
        "behov för enklare vardag, effektivare processer och högre kvalitet.",
    },
]

# Texts verbatim from 001; the headings are ours.
PLAN_SECTIONS = [
    (
        "Syfte",
        "Handlingsplanen för kommunens digitaliseringsarbete syftar till att både skapa "
        "struktur och förmåga att agera i ett föränderligt område.",
    ),
    (
        "Finansiering",
        "Handlingsplanen godkänns av kommunstyrelsen. Handlingsplanen medför en ekonomisk "
        "satsning omfattande drift och investeringsmedel. Övergripande finansiering har "
        "säkerställts i flerårsstrategi 2018-2020 för Alingsås kommun.",
    ),
    (
        "Genomförande och uppföljning",
        "Handlingsplanen löper över tre år och ska stämmas av minst årligen eller vid behov.\n\n"
        "Processägare för planen är kommundirektören och utfallet redovisas årligen till "
        "kommunstyrelsen.",
    ),
    (
        "Remiss",
        "Kommunstyrelsens arbetsutskott beslutade den 28 februari 2018, § 8 att förslag till "
        "handlingsplan remitteras till samtliga nämnder och kommunala bolag samt till Alingsås "
        "och Vårgårda Räddningstjänstförbund samt till de externa intressenterna: föreningen "
        "Sambruk, kommunnätverket Kivos och Internetstiftelsen i Sverige.\n\n"
        "Kommunstyrelsens arbetsutskott beslutade den 25 april, § 53 att remisstiden förlängs "
        "till och med den 27 juli 2018 för att samtliga nämnder ska kunna behandla sina "
        "remissvar.",
    ),
    (
        "Beslut",
        "Förslag till kommunstyrelsen för beslut:\n\n"
        "*Handlingsplan Digital målbild för Alingsås kommun – öppen och smart godkänns under "
        "förutsättning att kommunfullmäktige antar Digital målbild för Alingsås kommun – öppen "
        "och smart.*",
    ),
]

# ILLUSTRATIVE: the eleven focus areas ("elva olika målområden", 000) are not named in the
# records. These are plausible ones for a Swedish municipality in 2018. On purpose none is
# about culture: the culture committee's response (000) says its areas are not mentioned.
# Each: number, title, goal text, description, overall goal keys, goals [(key, title)].
FOCUS_AREAS = [
    (
        "1",
        "Styrning, ledning och samverkan",
        "Digitaliseringen styrs samlat, med tydliga roller och i samverkan med andra.",
        "Kommunstyrelsen leder digitaliseringen genom den digitala enheten. Vi samverkar med "
        "andra kommuner, bland annat i Sambruk och Kivos.",
        ["smart"],
        [
            ("1a", "Handlingsplanen följs upp minst årligen och redovisas för kommunstyrelsen."),
            ("1b", "Gemensamma lösningar tas fram i samverkan med andra kommuner."),
        ],
    ),
    (
        "2",
        "E-tjänster och digital service",
        "Invånare och företag kan sköta sina ärenden digitalt, enkelt och säkert.",
        "E-tjänster med hög kvalitet och hög nyttjandegrad, med handläggning som också är "
        "digital, ger bättre service och effektivare förvaltning.",
        ["oppen", "smart"],
        [
            ("2a", "Fler ärenden kan skötas helt digitalt."),
            ("2b", "E-tjänsterna används och uppskattas av invånarna."),
        ],
    ),
    (
        "3",
        "Öppen förvaltning och öppna data",
        "Kommunens information och data är öppen och lätt att hitta och återanvända.",
        "Öppna data publiceras i maskinläsbara format och kommunens beslut och handlingar är "
        "lätta att ta del av.",
        ["oppen"],
        [("3a", "Kommunen publicerar öppna data som andra kan återanvända.")],
    ),
    (
        "4",
        "Digital kompetens i organisationen",
        "Medarbetare och chefer har den digitala kompetens som verksamheten behöver.",
        "Kompetensutveckling gör att de digitala verktyg som redan finns används fullt ut.",
        ["smart"],
        [("4a", "Alla medarbetare har grundläggande digital kompetens.")],
    ),
    (
        "5",
        "Digitalt innanförskap",
        "Alla invånare kan ta del av och använda kommunens digitala tjänster.",
        "Biblioteken och kommunens mötesplatser ger stöd till den som inte är van att använda "
        "digitala tjänster.",
        ["oppen"],
        [("5a", "Invånare som behöver det får stöd att använda digitala tjänster.")],
    ),
    (
        "6",
        "Digitalt lärande",
        "Barn och elever får de digitala verktyg och den kompetens som en tidsenlig "
        "utbildning kräver.",
        "Digitala lärverktyg och plattformar används i förskola och skola.",
        ["smart"],
        [("6a", "Varje elev har tillgång till ett digitalt lärverktyg.")],
    ),
    (
        "7",
        "Välfärdsteknik och e-hälsa",
        "Välfärdsteknik ger ökad trygghet, självständighet och kvalitet i omsorgen.",
        "Digitala trygghetslarm, tillsyn och stöd i vardagen införs där de gör nytta.",
        ["smart"],
        [("7a", "Fler brukare har tillgång till digitala trygghetslösningar.")],
    ),
    (
        "8",
        "Effektiva processer och automatisering",
        "Administrativa processer är digitala från början till slut.",
        "Verksamhetsutveckling utgår från verksamhetens behov med stöd av IT. Regelstyrda "
        "moment automatiseras.",
        ["smart"],
        [("8a", "Fler ärenden handläggs digitalt från ansökan till beslut.")],
    ),
    (
        "9",
        "Informationshantering och informationssäkerhet",
        "Information hanteras säkert, bevaras digitalt och är sökbar över tid.",
        "Ett e-arkiv och en klassning av informationen är förutsättningar för smarta e-tjänster.",
        ["smart"],
        [("9a", "Digitala handlingar bevaras i ett e-arkiv.")],
    ),
    (
        "10",
        "Digital infrastruktur",
        "Invånare, företag och verksamheter har tillgång till snabbt och driftsäkert bredband.",
        "Fiberutbyggnad i hela kommunen, även på landsbygden, och en stabil IT-miljö.",
        ["oppen", "smart"],
        [("10a", "Hushåll i hela kommunen kan ansluta sig till snabbt bredband.")],
    ),
    (
        "11",
        "Smart samhällsbyggnad",
        "Samhällsbyggnadsprocessen är digital och bidrar till en hållbar kommun.",
        "Digitala bygglov, geodata och smarta lösningar för miljö och energi.",
        ["smart"],
        [("11a", "Ansökningar i samhällsbyggnadsprocessen kommer in digitalt.")],
    ),
]

# Indicators. ILLUSTRATIVE except the name "Antal e-tjänster": 002 criticises counting the
# number of e-services ("Att mäta antalet e-tjänster kan skapa fel fokus"); usage and
# satisfaction indicators stand beside it. Baselines and targets are invented.
# targets: [(year, value or None, text)]
INDICATORS = [
    {
        "name": "Antal e-tjänster",
        "definition": "Antal e-tjänster som invånare och företag kan använda på kommunens "
        "webbplats vid årets slut.",
        "unit": "st",
        "direction": "increase",
        "kind": "quantitative",
        "measure_type": "count",
        "baseline": ("25", 2017),
        "targets": [(2018, "35", ""), (2019, "45", ""), (2020, "55", "")],
        "responsible_body": DIGITALA_ENHETEN,
        "focus_areas": ["2"],
        "goals": ["2a"],
    },
    {
        "name": "Nyttjandegrad för e-tjänster",
        "definition": "Andel av alla ärenden av de slag som har en e-tjänst som kommer in "
        "genom e-tjänsten.",
        "unit": "%",
        "direction": "increase",
        "kind": "quantitative",
        "measure_type": "usage",
        "baseline": ("22", 2017),
        "targets": [(2018, "30", ""), (2019, "40", ""), (2020, "50", "")],
        "responsible_body": DIGITALA_ENHETEN,
        "focus_areas": ["2"],
        "goals": ["2b"],
    },
    {
        "name": "Nöjdhet med kommunens e-tjänster",
        "definition": "Andel användare som i den årliga användarenkäten anger att e-tjänsten "
        "var enkel att använda och löste deras ärende.",
        "unit": "%",
        "direction": "increase",
        "kind": "quantitative",
        "measure_type": "satisfaction",
        "baseline": ("68", 2017),
        "targets": [(2019, "75", ""), (2020, "80", "")],
        "responsible_body": DIGITALA_ENHETEN,
        "focus_areas": ["2"],
        "goals": ["2b"],
    },
    {
        "name": "Antal e-lån per år",
        "definition": "Antal lån av e-böcker och e-ljudböcker från folkbiblioteken under året.",
        "unit": "st",
        "direction": "increase",
        "kind": "quantitative",
        "measure_type": "usage",
        "source": "eservice",
        "eservice": "E-lån av e-böcker",
        "baseline": ("6400", 2017),
        "targets": [(2018, "7500", ""), (2019, "8500", ""), (2020, "10000", "")],
        "responsible_body": KFN,
        "focus_areas": ["2", "5"],
        "goals": ["2b"],
    },
    {
        "name": "Uppföljning av handlingsplanen redovisad för kommunstyrelsen",
        "definition": "Handlingsplanens utfall redovisas årligen till kommunstyrelsen "
        '(001: "utfallet redovisas årligen till kommunstyrelsen").',
        "unit": "",
        "direction": "increase",
        "kind": "qualitative",
        "measure_type": "other",
        "targets": [
            (2018, None, "Årlig redovisning till kommunstyrelsen"),
            (2019, None, "Årlig redovisning till kommunstyrelsen"),
            (2020, None, "Årlig redovisning till kommunstyrelsen"),
        ],
        "responsible_body": KLK,
        "focus_areas": ["1"],
        "goals": ["1a"],
    },
    {
        "name": "Antal publicerade öppna datamängder",
        "definition": "Datamängder som kommunen publicerar som öppna data i maskinläsbart format.",
        "unit": "st",
        "direction": "increase",
        "kind": "quantitative",
        "measure_type": "count",
        "baseline": ("2", 2017),
        "targets": [(2018, "5", ""), (2019, "10", ""), (2020, "15", "")],
        "responsible_body": DIGITALA_ENHETEN,
        "focus_areas": ["3"],
        "goals": ["3a"],
    },
    {
        "name": "Andel medarbetare med grundutbildning i digital kompetens",
        "definition": "Andel tillsvidareanställda som genomgått kommunens grundutbildning.",
        "unit": "%",
        "direction": "increase",
        "kind": "quantitative",
        "measure_type": "share",
        "baseline": ("10", 2017),
        "targets": [(2018, "30", ""), (2019, "60", ""), (2020, "90", "")],
        "responsible_body": KLK,
        "focus_areas": ["4"],
        "goals": ["4a"],
    },
    {
        "name": "Antal tillfällen med digital vägledning på biblioteket",
        "definition": "Antal tillfällen då biblioteket gett invånare stöd i att använda "
        "digitala tjänster (bland annat inom Digidel).",
        "unit": "st",
        "direction": "increase",
        "kind": "quantitative",
        "measure_type": "count",
        "baseline": ("120", 2017),
        "targets": [(2018, "200", ""), (2020, "400", "")],
        "responsible_body": KFN,
        "focus_areas": ["5"],
        "goals": ["5a"],
    },
    {
        "name": "Andel elever med eget digitalt lärverktyg",
        "definition": "Andel elever i grundskolan som har en egen dator eller surfplatta.",
        "unit": "%",
        "direction": "increase",
        "kind": "quantitative",
        "measure_type": "share",
        "baseline": ("55", 2017),
        "targets": [(2019, "80", ""), (2020, "100", "")],
        "responsible_body": BUN,
        "focus_areas": ["6"],
        "goals": ["6a"],
    },
    {
        "name": "Antal brukare med digitala trygghetslösningar",
        "definition": "Brukare i hemtjänsten med digitalt trygghetslarm eller digital nattillsyn.",
        "unit": "st",
        "direction": "increase",
        "kind": "quantitative",
        "measure_type": "count",
        "baseline": ("150", 2017),
        "targets": [(2020, "600", "")],
        "responsible_body": VAN,
        "focus_areas": ["7"],
        "goals": ["7a"],
    },
    {
        "name": "Andel ärenden som handläggs digitalt från ansökan till beslut",
        "definition": "Andel ärenden i de processer som ingår i handlingsplanen som handläggs "
        "utan pappershantering.",
        "unit": "%",
        "direction": "increase",
        "kind": "quantitative",
        "measure_type": "quality",
        "baseline": ("15", 2017),
        "targets": [(2018, "20", ""), (2019, "35", ""), (2020, "50", "")],
        "responsible_body": KLK,
        "focus_areas": ["8", "2"],
        "goals": ["8a"],
    },
    {
        "name": "E-arkiv infört",
        "definition": "Ett e-arkiv används för slutarkivering av handlingar från "
        "verksamhetssystem och e-tjänster.",
        "unit": "",
        "direction": "increase",
        "kind": "qualitative",
        "measure_type": "other",
        "targets": [
            (2019, None, "E-arkivet är upphandlat och de första systemen är anslutna"),
            (2020, None, "Alla nya e-tjänster arkiverar i e-arkivet"),
        ],
        "responsible_body": KLK,
        "focus_areas": ["9"],
        "goals": ["9a"],
    },
    {
        "name": "Andel hushåll med möjlighet till bredband om minst 100 Mbit/s",
        "definition": "Andel hushåll i kommunen som kan ansluta sig till bredband med minst "
        "100 Mbit/s.",
        "unit": "%",
        "direction": "increase",
        "kind": "quantitative",
        "measure_type": "share",
        "baseline": ("71", 2017),
        "targets": [(2020, "95", "")],
        # Fetched from Kolada (the recorded responses, malbild.demo.kolada).
        "source": "kolada",
        "kolada_kpi": "N07900",
        "responsible_body": TF,
        "focus_areas": ["10"],
        "goals": ["10a"],
    },
    {
        "name": "Andel bygglovsansökningar som kommer in digitalt",
        "definition": "Andel av alla bygglovsansökningar som lämnas via e-tjänsten.",
        "unit": "%",
        "direction": "increase",
        "kind": "quantitative",
        "measure_type": "usage",
        "source": "eservice",
        "eservice": "Ansökan om bygglov",
        "baseline": ("5", 2017),
        "targets": [(2019, "30", ""), (2020, "60", "")],
        "responsible_body": BN,
        "focus_areas": ["11"],
        "goals": ["11a"],
    },
]

INNOVATIONSFONDEN = "Innovationsfonden"
FLERARSSTRATEGI = "Flerårsstrategi 2018–2020 (digitaliseringssatsning)"

# Activities. The culture committee's initiatives are verbatim from 000, with the status words
# of the record: "pågår" → ongoing, "genomfört" → done, "ska genomföras" → planned,
# "genomfört/pågår" → ongoing. Years, priorities, focus areas and budget amounts are
# ILLUSTRATIVE. 000: the committee will "söka medel ur innovationsfonden" for the local
# cultural heritage and the tourism work — those budget lines name Innovationsfonden.
# budget: [(year, "operating"|"investment", amount in SEK, financing source)]
CULTURE_ACTIVITIES = [
    {
        "title": "Meröppet biblioteket med hjälp av en digital lösning",
        "status": "ongoing",
        "focus_areas": ["5"],
        "catalogue": ["Koha"],
        "years": (2018, 2019),
        "budget": [(2018, "investment", 350000, FLERARSSTRATEGI)],
    },
    {
        "title": "E-utlån av böcker från biblioteket",
        "status": "ongoing",
        "focus_areas": ["2", "5"],
        "catalogue": ["E-lån av e-böcker"],
        "years": (2018, 2020),
        "budget": [
            (2018, "operating", 120000, ""),
            (2019, "operating", 130000, ""),
            (2020, "operating", 140000, ""),
        ],
    },
    {
        "title": "Biblioteksdatasystemet Koha",
        "status": "ongoing",
        "focus_areas": ["8"],
        "catalogue": ["Koha"],
        "years": (2018, 2018),
        "budget": [(2018, "operating", 90000, "")],
    },
    {
        "title": "Digitalisering av det lokala kulturarvet – tillgängliggörande av Alingsås "
        "historia på Digitalt museum samt sociala medier såsom Wikipedia, Facebook och "
        "Instagram",
        "status": "ongoing",
        "focus_areas": ["3"],
        "catalogue": ["DigitaltMuseum"],
        "years": (2018, 2020),
        "budget": [
            (2018, "operating", 150000, INNOVATIONSFONDEN),
            (2019, "operating", 150000, INNOVATIONSFONDEN),
        ],
    },
    {
        "title": "Upplevelsebaserad utställning i museet via digital lösning",
        "status": "ongoing",
        "focus_areas": ["5"],
        "catalogue": [],
        "years": (2018, 2018),
        "budget": [(2018, "investment", 200000, "")],
    },
    {
        "title": "Digitalisering av teknik i Palladium bl a filmvisning",
        "status": "done",
        "focus_areas": ["10"],
        "catalogue": [],
        "years": (2017, 2017),
        "budget": [],
    },
    {
        "title": "Mobilanpassad hemsida Kulturhuset",
        "status": "done",
        "focus_areas": ["2"],
        "catalogue": [],
        "years": (2017, 2017),
        "budget": [],
    },
    {
        "title": "Digitalt biljettköp från Kulturhusets hemsida via mobil och surfplatta",
        "status": "ongoing",  # "genomfört/pågår"
        "focus_areas": ["2"],
        "catalogue": ["Digitalt biljettköp Kulturhuset"],
        "years": (2017, 2018),
        "budget": [(2018, "operating", 40000, "")],
    },
    {
        "title": "Marknadsföring av Kulturhusets aktiviteter via hemsida, Facebook och Instagram",
        "status": "ongoing",  # "genomfört/pågår"
        "focus_areas": ["3"],
        "catalogue": [],
        "years": (2017, 2020),
        "budget": [],
    },
    {
        # No status word in 000; listed among the initiatives "som pågår inom förvaltningen".
        "title": "Databaser och söktjänster i biblioteket",
        "status": "ongoing",
        "focus_areas": ["5"],
        "catalogue": ["Koha"],
        "years": (2018, 2020),
        "budget": [(2018, "operating", 60000, "")],
    },
    {
        "title": "Digitalisering av turist-och besöksnäringen i enlighet med den statliga "
        'utredningen "Ett land att besöka – en samlad politik för hållbar turism och växande '
        'besöksnäring" SOU 2017:95',
        "status": "planned",
        "focus_areas": ["11"],
        "catalogue": [],
        "years": (2019, 2020),
        "budget": [
            (2019, "operating", 200000, INNOVATIONSFONDEN),
            (2020, "operating", 200000, INNOVATIONSFONDEN),
        ],
    },
    {
        # No status word in 000 ("biblioteket ska erbjuda stöd"): planned.
        "title": "Minskat digitalt utanförskap; biblioteket ska erbjuda stöd till personer som "
        "inte är vana internetanvändare bland annat via den nationella Digidel-kampanjen",
        "status": "planned",
        "focus_areas": ["5"],
        "catalogue": [],
        "years": (2018, 2020),
        "budget": [],
    },
    {
        "title": "Delta i Regeringens digitala kompetenslyft",
        "description": "Det Kungliga biblioteket har fått i uppdrag att via regionbiblioteken "
        "samordna och finansiera den nationella satsningen under 2018-2020 där syftet är att "
        "främja en ökad digital kompetens hos allmänheten genom att de regionala "
        "biblioteksverksamheterna samordnar utbildning av folkbibliotekarierna.",
        "status": "planned",
        "focus_areas": ["5", "4"],
        "catalogue": [],
        "years": (2018, 2020),
        "budget": [],
    },
    {
        "title": "Upphandling och införande av boknings- bidrags- och kassasystem",
        "status": "ongoing",
        "focus_areas": ["2", "8"],
        "catalogue": ["Boknings-, bidrags- och kassasystem"],
        "years": (2018, 2019),
        "budget": [
            (2018, "investment", 450000, FLERARSSTRATEGI),
            (2019, "operating", 80000, ""),
        ],
    },
    {
        "title": 'Digital närvaro för kulturskolan på den digitala plattformen "Arena för lärande"',
        "status": "planned",
        "focus_areas": ["6"],
        "catalogue": [],
        "years": (2019, 2019),
        "budget": [],
    },
]

# Description added to every culture activity (adapted from the sentence of 000 that
# introduces the list, with the committee's decision reference).
CULTURE_DESCRIPTION = (
    "Digitaliseringsåtgärd som pågår inom kultur- och fritidsförvaltningen eller som kommer "
    "att startas inom en snar framtid (Kultur- och fritidsnämnden 2018-03-19 § 14, "
    "Dnr 2018.032 KFN)."
)

# Other activities. The e-archive is from 002 ("Vi vill trycka på vikten av ett e-arkiv"),
# the digital unit from 001 and "Fler e-tjänster" from 002 ("Under Handlingsplan per år anges
# fler e-tjänster som aktiviteter från 2018 och framåt"); the rest is ILLUSTRATIVE.
OTHER_ACTIVITIES = [
    {
        "title": "Inrätta den digitala enheten under kommunstyrelsen",
        "description": "Kommunfullmäktige har beslutat att en ny digital enhet under "
        "kommunstyrelsen upprättas i syfte att säkerställa utvecklingsarbetet.",
        "status": "ongoing",
        "responsible_body": KLK,
        "co_responsible": [],
        "focus_areas": ["1"],
        "goals": ["1a"],
        "catalogue": [],
        "years": (2018, 2018),
        "priority": "high",
        "budget": [(2018, "operating", 2500000, FLERARSSTRATEGI)],
    },
    {
        "title": "Fler e-tjänster",
        "description": "Nya e-tjänster tas fram varje år från 2018 och framåt, i första hand "
        "för de ärenden med flest ansökningar.",
        "status": "planned",
        "responsible_body": DIGITALA_ENHETEN,
        "co_responsible": [SBK, KFF],
        "focus_areas": ["2"],
        "goals": ["2a"],
        "catalogue": ["Ansökan om bygglov"],
        "years": (2018, 2020),
        "priority": "high",
        "budget": [
            (2018, "operating", 400000, FLERARSSTRATEGI),
            (2019, "operating", 400000, FLERARSSTRATEGI),
            (2020, "operating", 400000, FLERARSSTRATEGI),
        ],
    },
    {
        "title": "E-arkiv",
        "description": "Ett e-arkiv upphandlas och införs. Ett e-arkiv är en förutsättning för "
        "att kunna erbjuda smarta e-tjänster som både erbjuder bättre service till "
        "kommuninvånarna men också effektivare processer och minskad administration i "
        "förvaltningen.",
        "status": "planned",
        "responsible_body": KLK,
        "co_responsible": [MSK, SBK, TF],
        "focus_areas": ["9"],
        "goals": ["9a"],
        "catalogue": ["E-arkiv"],
        "years": (2018, 2020),
        "priority": "high",
        "budget": [
            (2018, "investment", 1200000, FLERARSSTRATEGI),
            (2019, "operating", 300000, FLERARSSTRATEGI),
            (2020, "operating", 300000, FLERARSSTRATEGI),
        ],
    },
    {
        "title": "Publicera öppna data",
        "description": "Kommunens första datamängder publiceras som öppna data.",
        "status": "planned",
        "responsible_body": DIGITALA_ENHETEN,
        "co_responsible": [SBK],
        "focus_areas": ["3"],
        "goals": ["3a"],
        "catalogue": [],
        "years": (2019, 2020),
        "priority": "medium",
        "budget": [(2019, "operating", 150000, INNOVATIONSFONDEN)],
    },
    {
        "title": "Digital grundutbildning för alla medarbetare",
        "description": "En webbaserad grundutbildning i digitala verktyg och arbetssätt.",
        "status": "planned",
        "responsible_body": KLK,
        "co_responsible": [],
        "focus_areas": ["4"],
        "goals": ["4a"],
        "catalogue": [],
        "years": (2018, 2020),
        "priority": "medium",
        "budget": [(2018, "operating", 250000, FLERARSSTRATEGI)],
    },
    {
        "title": "En-till-en: digitala lärverktyg i grundskolan",
        "description": "Varje elev får en egen dator eller surfplatta.",
        "status": "planned",
        "responsible_body": BUN,
        "co_responsible": [],
        "focus_areas": ["6"],
        "goals": ["6a"],
        "catalogue": [],
        "years": (2019, 2020),
        "priority": "medium",
        "budget": [(2019, "investment", 1800000, "")],
    },
    {
        "title": "Digitala trygghetslarm och nattillsyn",
        "description": "Analoga trygghetslarm byts mot digitala och digital nattillsyn erbjuds.",
        "status": "ongoing",
        "responsible_body": VAN,
        "co_responsible": [SN],
        "focus_areas": ["7"],
        "goals": ["7a"],
        "catalogue": [],
        "years": (2018, 2019),
        "priority": "high",
        "budget": [(2018, "investment", 900000, "")],
    },
    {
        "title": "Automatisering av regelstyrda moment i ekonomiadministrationen",
        "description": "Robotiserad processautomatisering prövas i leverantörsfakturaflödet.",
        "status": "planned",
        "responsible_body": KLK,
        "co_responsible": [],
        "focus_areas": ["8"],
        "goals": ["8a"],
        "catalogue": [],
        "years": (2019, 2020),
        "priority": "low",
        "budget": [(2019, "operating", 300000, INNOVATIONSFONDEN)],
    },
    {
        "title": "Fiberutbyggnad på landsbygden",
        "description": "Stöd till fiberföreningar och utbyggnad av ett öppet stadsnät.",
        "status": "ongoing",
        "responsible_body": TF,
        "co_responsible": ["Alingsås Energi AB"],
        "focus_areas": ["10"],
        "goals": ["10a"],
        "catalogue": [],
        "years": (2018, 2020),
        "priority": "medium",
        "budget": [
            (2018, "investment", 3000000, ""),
            (2019, "investment", 3000000, ""),
        ],
    },
    {
        "title": "Digital bygglovsprocess",
        "description": "Bygglov söks, handläggs och arkiveras digitalt.",
        "status": "planned",
        "responsible_body": BN,
        "co_responsible": [SBK],
        "focus_areas": ["11", "2"],
        "goals": ["11a"],
        "catalogue": ["Ansökan om bygglov"],
        "years": (2018, 2019),
        "priority": "medium",
        "budget": [(2018, "operating", 200000, "")],
    },
]

# Decisions recorded in 001 (verbatim facts). The records disagree on the date of § 8: 000
# says "Kommunstyrelsen … 5 februari 2018 § 8", 002 "2 februari 2018, § 8" and 001
# "Kommunstyrelsens arbetsutskott … 28 februari 2018, § 8"; we follow 001, the case file.
# "distribution": body names, or "CONSULTEES" for the consultation list of 001.
DECISIONS = [
    {
        "body": KF,
        # It adopted the earlier e-strategy, not this vision: kind "other" on purpose.
        "kind": "other",
        "date": "2015-11-25",
        "paragraph": "180",
        "registry_number": "",
        "title": "E-strategi för Alingsås kommun",
        "text": "Kommunfullmäktige antog den 25 november 2015, § 180 e-strategi för Alingsås "
        "kommun.",
        "document": "vision",
        "distribution": [],
    },
    {
        "body": KF,
        "kind": "other",
        "date": "2017-12-13",
        "paragraph": "251",
        "registry_number": "",
        "title": "Flerårsstrategi 2018–2020",
        "text": "I Flerårsstrategi 2018–2020, antagen av kommunfullmäktige den 13 december "
        "2017, § 251 fastställs att Alingsås kommun ska ta tillvara digitaliseringens "
        "utvecklingsmöjligheter och organisationens vilja att förändra i högre utsträckning.\n\n"
        "Kommunfullmäktige har i samband med beslut om flerårsstrategi 2018-2020 även beslutat "
        "att kommunstyrelsen skyndsamt ska ta fram ett program för Alingsås digitala "
        "färdriktning där mål konkretiseras genom en handlingsplan och att en ny digital enhet "
        "under kommunstyrelsen upprättas i syfte att säkerställa utvecklingsarbetet.",
        "document": "vision",
        "distribution": [KS],
    },
    {
        "body": KSAU,
        "kind": "consultation",
        "date": "2018-02-28",
        "paragraph": "8",
        "registry_number": "2017.676 KS",
        "title": "Förslag till handlingsplan för digital målbild remitteras",
        "text": "Kommunstyrelsens arbetsutskott beslutade den 28 februari 2018, § 8 att förslag "
        "till handlingsplan remitteras till samtliga nämnder och kommunala bolag samt till "
        "Alingsås och Vårgårda Räddningstjänstförbund samt till de externa intressenterna: "
        "föreningen Sambruk, kommunnätverket Kivos och Internetstiftelsen i Sverige.",
        "document": "plan",
        "distribution": "CONSULTEES",
    },
    {
        "body": KSAU,
        "kind": "extension",
        "date": "2018-04-25",
        "paragraph": "53",
        "registry_number": "2017.676 KS",
        "title": "Remisstiden förlängs till och med den 27 juli 2018",
        "text": "Kommunstyrelsens arbetsutskott beslutade den 25 april, § 53 att remisstiden "
        "förlängs till och med den 27 juli 2018 för att samtliga nämnder ska kunna behandla "
        "sina remissvar.",
        "document": "plan",
        # Not stated in 001; sending the extension to the consultees is an assumption.
        "distribution": "CONSULTEES",
    },
]

# Accounts of this organisation: (username, role, [body names]).
MEMBERSHIPS = [
    ("demo-admin", "admin", []),
    ("alingsas-strateg", "strategist", []),
    ("alingsas-redaktor", "editor", [KFN, KFF]),
    ("alingsas-lasare", "reader", []),
]

# Who enters what (the audit log shows it): the editor enters the culture committee's own
# initiatives, the strategist everything else.
STRATEGIST = "alingsas-strateg"
EDITOR = "alingsas-redaktor"


def activities() -> list[dict]:
    """All activities of the action plan in order, numbered A01, A02, …, as loader specs."""
    specs = []
    for item in OTHER_ACTIVITIES:
        specs.append({**item, "entered_by": STRATEGIST})
    for item in CULTURE_ACTIVITIES:
        specs.append(
            {
                "description": CULTURE_DESCRIPTION,
                "responsible_body": KFN,
                "co_responsible": [KFF],
                "goals": [],
                "priority": "medium",
                "entered_by": EDITOR,
                **item,
            }
        )
        if "description" in item:
            specs[-1]["description"] = item["description"] + "\n\n" + CULTURE_DESCRIPTION
    for number, spec in enumerate(specs, start=1):
        spec["number"] = f"A{number:02d}"
    return specs


# The culture committee's own plan (nämndplan), the third level under the action plan, built
# from its consultation response (000, KFN 2018-03-19 § 14): the texts of its sections are the
# response's, verbatim where quoted; its activities are what the response says the committee
# will do beyond the initiatives already in the action plan — make the need for resources
# clear in the spring closing of accounts and apply to Innovationsfonden ("Ekonomi"), follow
# up its activities against the budget (the point the response missed in the plan), and meet
# the "mängd olika tekniska lösningar i syfte att tillgängliggöra och öka deltagandet till
# kultur". It has no focus areas of its own: its activities serve the action plan's (which
# implement the vision's overall goals). Years, focus areas and amounts are ILLUSTRATIVE.
COMMITTEE_PLAN_SECTIONS = [
    (
        "Bakgrund",
        "Kultur- och fritidsnämnden yttrade sig den 19 mars 2018, § 14 (Dnr 2018.032 KFN) "
        "över förslaget till handlingsplan för digital målbild. Förvaltningen konstaterade att "
        "de digitala målbilderna är relevanta och viktiga för att ta vara på "
        "digitaliseringens möjligheter att utveckla Alingsås, men att det saknas förankring i "
        "kultur- och fritidsnämndens verksamhetsområden som riktar sig till Alingsås "
        "medborgare i alla åldrar.\n\n"
        "Den här planen visar hur nämnden genomför handlingsplanen inom sina områden. "
        "Nämndens pågående och planerade digitaliseringsåtgärder finns som aktiviteter i "
        "handlingsplanen; här finns det nämnden själv åtar sig utöver dem.",
    ),
    (
        "Digitalisering och tillgängliggörandet av kultur",
        "Digitaliseringstakten går snabbt framåt inom kulturområdet och förvaltningen bedömer "
        "att det inom en snar framtid kommer att presenteras en mängd olika tekniska lösningar "
        "i syfte att tillgängliggöra och öka deltagandet till kultur ytterligare.",
    ),
    (
        "Uppföljning och ekonomi",
        "Det kommer krävas ekonomiska resurser för att kunna utveckla digitala processer. "
        "Nämnden kommer i sitt vårbokslut tydliggöra behovet av ekonomiska resurser och söka "
        "medel ur innovationsfonden för att kunna genomföra och utveckla dessa processer.\n\n"
        "Aktiviteterna följs upp minst årligen tillsammans med budgetutfallet, så att "
        "uppföljningen av genomförda aktiviteter relateras till budget.",
    ),
]

COMMITTEE_PLAN_ACTIVITIES = [
    {
        "number": "K01",
        "title": "Tydliggöra behovet av ekonomiska resurser i vårbokslutet och söka medel ur "
        "innovationsfonden",
        "description": "Nämnden kommer i sitt vårbokslut tydliggöra behovet av ekonomiska "
        "resurser och söka medel ur innovationsfonden (Kultur- och fritidsnämnden 2018-03-19 "
        "§ 14, Dnr 2018.032 KFN).",
        "status": "ongoing",
        "focus_areas": ["1"],
        "goals": ["1a"],
        "years": (2019, 2019),
        "budget": [],
    },
    {
        "number": "K02",
        "title": "Följa upp nämndens digitaliseringsåtgärder och relatera dem till budget",
        "description": "Det saknas information om hur uppföljningen av genomförda "
        "aktiviteter ska utformas och relateras till budget (remissvaret). Nämnden följer "
        "upp sina aktiviteter minst årligen tillsammans med budgetutfallet.",
        "status": "planned",
        "focus_areas": ["1"],
        "goals": ["1a"],
        "years": (2019, 2020),
        "budget": [(2019, "operating", 40000, ""), (2020, "operating", 40000, "")],
    },
    {
        "number": "K03",
        "title": "Pröva tekniska lösningar som tillgängliggör kultur och ökar deltagandet",
        "description": "Digitaliseringstakten går snabbt framåt inom kulturområdet; nämnden "
        "prövar nya tekniska lösningar i syfte att tillgängliggöra och öka deltagandet till "
        "kultur (remissvaret).",
        "status": "planned",
        "focus_areas": ["5", "3"],
        "goals": ["5a"],
        "catalogue": ["DigitaltMuseum"],
        "years": (2019, 2020),
        "budget": [
            (2019, "investment", 250000, INNOVATIONSFONDEN),
            (2020, "operating", 100000, INNOVATIONSFONDEN),
        ],
    },
]


def committee_plan_activities() -> list[dict]:
    """The committee plan's activities as loader specs, entered by the committee's editor."""
    return [
        {
            "responsible_body": KFN,
            "co_responsible": [KFF],
            "catalogue": [],
            "priority": "medium",
            "entered_by": EDITOR,
            **item,
        }
        for item in COMMITTEE_PLAN_ACTIVITIES
    ]


DOCUMENTS = [
    {
        "key": "vision",
        "kind": "vision",
        "title": VISION_TITLE,
        "summary": "Kommunfullmäktiges strategiska styrdokument för digitaliseringen: "
        "Alingsås ska ha både ett strategiskt perspektiv och en konkret målbild för vad vi "
        "vill med digitaliseringen.",
        "period_start": 2018,
        "period_end": None,
        "parent": None,
        "owning_body": KF,
        "process_owner": "Kommundirektören",
        "registry_number": "2017.676 KS",
        "sections": VISION_SECTIONS,
        "overall_goals": VISION_OVERALL_GOALS,
        "focus_areas": [],
        "indicators": [],
        "activities": [],
    },
    {
        "key": "plan",
        "kind": "action_plan",
        "title": PLAN_TITLE,
        "summary": "Handlingsplanen konkretiserar den digitala målbilden i elva målområden "
        "med aktiviteter för 2018–2020. Den löper över tre år och stäms av minst årligen.",
        "period_start": 2018,
        "period_end": 2020,
        "parent": "vision",
        "owning_body": KS,
        "process_owner": "Kommundirektören",
        "registry_number": "2017.676 KS",
        "sections": PLAN_SECTIONS,
        "overall_goals": [],
        "focus_areas": FOCUS_AREAS,
        "indicators": INDICATORS,
        "activities": activities(),
    },
    {
        "key": "kfn_plan",
        "kind": "sub_plan",
        "title": COMMITTEE_PLAN_TITLE,
        "summary": "Kultur- och fritidsnämndens nämndplan under handlingsplanen för digital "
        "målbild, byggd på nämndens remissvar (2018-03-19 § 14): hur nämnden genomför "
        "handlingsplanens målområden inom kultur och fritid.",
        "period_start": 2019,
        "period_end": 2020,
        "parent": "plan",
        "owning_body": KFN,
        "process_owner": "Kultur- och fritidschefen",
        "registry_number": "2018.032 KFN",
        "sections": COMMITTEE_PLAN_SECTIONS,
        "overall_goals": [],
        "focus_areas": [],
        "indicators": [],
        "activities": committee_plan_activities(),
    },
]
