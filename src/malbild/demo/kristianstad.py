"""Kristianstads kommun: the demo data, as Python data.

Source: `004_…`, the digital agenda "Kristianstad e-kommun 2020" (Ver 2.0, 2015-02-11), the text
after "Transkript:" (the list above it is noise from the page it was saved from). Texts below
are verbatim from the transcript, with line-break hyphenation repaired ("e- tjänster" →
"e-tjänster", "in formation" → "information", "ITrådet" → "IT-rådet").

The transcript lacks pages 2 and 6: the summary's overall goals (1.1), the beginning of the
focus-area summary and of chapter 5.1, and the rest of the list of overall goals in chapter 4.
What we wrote to fill those gaps is marked ILLUSTRATIVE, as are the baselines of the broadband
indicators and the links between overall goals and focus areas.
"""

ORGANISATION = {
    "name": "Kristianstads kommun",
    "slug": "kristianstad",
    "kolada_id": "1290",
    "population": 86000,
}

KF = "Kommunfullmäktige"
KS = "Kommunstyrelsen"
KOMMUNDIREKTOREN = "Kommundirektören"
LEDNINGSGRUPPEN = "Strategiska ledningsgruppen"
IT_RADET = "Strategiska IT-rådet"
E_GRUPPEN = "E-utvecklingsgruppen"
KLK = "Kommunledningskontoret"

# (name, short_name, kind, parent). From 7.1/7.2: "Strategiska IT-rådet … rapporterar till
# strategiska chefsgruppen som ska lämna förslag till kommundirektören … Kommundirektören ska i
# sin tur avrapportera till kommunstyrelsen"; "En e-utvecklingsgrupp tillsätts av Strategiska
# IT-rådet"; "IT-strategen på kommunledningskontoret". The strategic management group is the
# text's "strategiska chefsgruppen".
BODIES = [
    (KF, "KF", "council", None),
    (KS, "KS", "executive_board", None),
    (KOMMUNDIREKTOREN, "", "group", KS),
    (LEDNINGSGRUPPEN, "", "group", KOMMUNDIREKTOREN),
    (IT_RADET, "", "group", LEDNINGSGRUPPEN),
    (E_GRUPPEN, "", "group", IT_RADET),
    (KLK, "", "administration", KS),
]

TITLE = "Kristianstad e-kommun 2020"

FOCUS_AREA_GOALS = {
    # ILLUSTRATIVE: the goal of 5.1 is on the missing pages; written in the style of the others.
    "5.1": "Kommunkoncernen ska samverka och samordna sin digitala utveckling internt och med "
    "andra kommuner och organisationer, och bevaka omvärlden för att ta tillvara "
    "digitaliseringens möjligheter.",
    "5.2": "Det ska finnas finansieringsmodeller som präglas av långsiktighet och helhetssyn "
    "såväl över tid som över verksamhetsgränserna för att målet att bli en e-kommun ska kunna "
    "nås. Nyttan av olika satsningar ska beräknas och följas upp.",
    "5.3": "Kommunkoncernen ska sträva mot ett helt digitaliserat tjänsteutbud. Medborgare, "
    "företagare och besökare ska ha tillgång till kompletta, användbara och tillgängliga "
    "e-tjänster och välfärdstjänster som ger en enklare vardag samt ökad effektivitet och "
    "kvalitet i den kommunala verksamheten.",
    "5.4": "Elever och lärare ska ha tillgång till de moderna lärverktyg som behövs för en "
    "tidsenlig utbildning. Varje elev ska efter genomgången grundskola och gymnasieskola kunna "
    "använda modern teknik som ett verktyg för kunskapssökande, kommunikation, skapande och "
    "lärande.",
    "5.5": "Alla medborgare och företagare ska ges förutsättningar att på ett enkelt sätt och "
    "till rimliga kostnader ta del av och använda digitala tjänster, information och "
    "plattformar. Den digitala kompetensen hos medborgare och företagare samt anställda inom "
    "kommunkoncernen ska hålla jämna steg med den tekniska utvecklingen.",
    "5.6": "Medborgardialogen ska stärkas med hjälp av digitala lösningar. De ska ge "
    "medborgarna möjligheter till ökad kunskap, insyn, samhällsengagemang och inflytande.",
    "5.7": "Den digitala tekniken ska kunna användas fullt ut för att öka företagens tillväxt, "
    "konkurrens- och innovationskraft samt handel.",
    "5.8": "IT- och kommunikationsteknik ska användas på ett sådant sätt inom kommunkoncernen "
    "att energieffektiva och hållbara lösningar uppnås.",
    "5.9": "Alla ska ha tillgång till en tillförlitlig digital infrastruktur med hög kapacitet "
    "vilket är en förutsättning för en långt driven digitalisering.",
}

# Focus areas: (number, title, description, overall goal keys, goals [(key, title)]).
# Goals are the sentences of each area's goal text (5.9: the council's broadband targets).
FOCUS_AREAS = [
    (
        "5.1",
        "Samverkan, samordning och omvärldsbevakning",
        # ILLUSTRATIVE first paragraph; the second is the verbatim end of the chapter.
        "Digitaliseringen kräver samverkan inom kommunkoncernen och med andra kommuner och "
        "organisationer, och en aktiv omvärldsbevakning för att se vilka möjligheter ny teknik "
        "ger och för att dra nytta av det.\n\n"
        "Man bör löpande utvärdera och analysera ny teknik och nya tillämpningar och nyttan av "
        "dessa.",
        ["framkant"],
        [("5.1a", "Kommunkoncernen samverkar internt och med andra kommuner och organisationer.")],
    ),
    (
        "5.2",
        "Finansiering och nyttoberäkning",
        "Över tiden: Långsiktigt tänkande krävs vid investeringar.\n\n"
        "Över verksamheterna: I gemensamma satsningar kan olika verksamheter bli mer eller "
        "mindre gynnade. Grundregeln ska vara att den eller de verksamheter som får och för "
        "medborgarna skapar de positiva effekterna av en satsning också ska vara med och "
        "finansiera den. För koncernövergripande satsningar behöver det finnas en modell som "
        "ger en så rättvis kostnadsfördelning som möjligt. När det gäller projekt där flera "
        "kommuner deltar brukar invånarantalet vara grund för kostnadsfördelningen. Detta är i "
        "de flesta fall rättvist. Fler kan utnyttja en tjänst i en större kommun vilket gör att "
        "nyttan blir större där.\n\n"
        "Den modell för nyttoberäkning som förvaltas av Strategiska IT-rådet ska användas.",
        ["framkant"],
        [
            (
                "5.2a",
                "Det ska finnas finansieringsmodeller som präglas av långsiktighet och "
                "helhetssyn såväl över tid som över verksamhetsgränserna.",
            ),
            ("5.2b", "Nyttan av olika satsningar ska beräknas och följas upp."),
        ],
    ),
    (
        "5.3",
        "E-tjänster och välfärdstjänster",
        "Med kompletta e-tjänster avses att även hanteringen inom kommunkoncernen, själva "
        "handläggningen, så långt möjligt ska vara digitaliserad. Medborgare, företagare och "
        "besökare ska på ett enkelt och säkert sätt få kontakt med, ta del av information från "
        "och sköta sina ärenden med kommunkoncernen. Lättanvända och driftsäkra e-tjänster ger "
        "en frihet att ta del av tjänsteutbudet dygnet runt. Det ska vara enkelt för alla att "
        "utöva sina rättigheter och fullgöra sina skyldigheter på ett sådant sätt att hänsyn "
        "tas till den personliga integriteten. Alternativa kommunikationslösningar kommer att "
        "erbjudas för dem som har det behovet.\n\n"
        "Även de kommunala välfärdstjänsterna ska i stor utsträckning tillhandahållas "
        "digitalt. Här handlar det bland annat om tillsyn och stöd i vardagen som kan "
        "digitaliseras på olika sätt. Insatser inom vård och omsorg tas upp i ett särskilt "
        "program kallat E-hälsa. Det är ett samlingsnamn på insatser, verktyg och processer som "
        "syftar till att rätt person ska ha rätt information vid rätt tillfälle och skapa nytta "
        "för invånare, personal och beslutsfattare.\n\n"
        "IT ska användas som ett kraftfullt verktyg för att effektivisera och utveckla "
        "verksamheterna inom kommunkoncernen. Information ska kunna nås och användas enkelt av "
        "den som behöver och har rätt till informationen i sitt arbete. Detta bidrar till att "
        "offentlig sektor ses som en modern och attraktiv arbetsgivare.",
        ["framkant"],
        [
            ("5.3a", "Kommunkoncernen ska sträva mot ett helt digitaliserat tjänsteutbud."),
            (
                "5.3b",
                "Medborgare, företagare och besökare ska ha tillgång till kompletta, "
                "användbara och tillgängliga e-tjänster och välfärdstjänster.",
            ),
        ],
    ),
    (
        "5.4",
        "Det pedagogiska lärandet",
        "Den digitala tekniken finns idag överallt i människors vardag och yrkesliv. Trots "
        "detta tar man inte tillvara digitaliseringens alla möjligheter i Sveriges, och för den "
        "delen också Europas, utbildningssystem. Europeisk och svensk utbildning, och i "
        "förlängningen vårt näringsliv och vår ekonomi, riskerar att tappa i konkurrenskraft "
        "gentemot andra delar av världen som kraftfullt och systematiskt investerar i "
        "utbildningsväsendets digitalisering. Vinsterna med en digital revolution inom "
        "utbildningen är många. Den öppna tekniken gör det möjligt för alla att lära sig vad "
        "som helst, var som helst, när som helst, hur som helst och med stöd av vem som helst.\n\n"
        "Många insatser för att underlätta digitaliseringen av det pedagogiska lärandet görs "
        "på central nivå i landet. Digitaliseringskommissionen har i en uppföljningsrapport "
        "(se källhänvisningen i Bilaga 1) gett en lång rad förslag på åtgärder.",
        ["framkant"],
        [
            (
                "5.4a",
                "Elever och lärare ska ha tillgång till de moderna lärverktyg som behövs för en "
                "tidsenlig utbildning.",
            ),
            (
                "5.4b",
                "Varje elev ska efter genomgången grundskola och gymnasieskola kunna använda "
                "modern teknik som ett verktyg för kunskapssökande, kommunikation, skapande "
                "och lärande.",
            ),
        ],
    ),
    (
        "5.5",
        "Digitalt innanförskap och digital kompetens",
        "Att vara delaktig i samhällsdebatten via sociala nätverk och andra digitala kanaler "
        "ökar den enskildes välbefinnande. Man ska kunna delta i alla aspekter av samhällslivet "
        "och kunna utöva sina rättigheter och skyldigheter som medborgare. Enskilda och "
        "företagare ska ha tillgång till goda och ekonomiskt fördelaktiga "
        "kommunikationslösningar.\n\n"
        "Hög grad av användbarhet och tillgänglighet ska prägla alla tjänster som "
        "kommunkoncernen erbjuder. I det digitala mötet med medborgaren och företagaren ska "
        "information och tjänster vara självlärande, enkla och tydliga. De riktlinjer som "
        "tagits fram av Funka.nu och e-delegationen ska följas. Även om tjänsterna görs så "
        "användarvänliga och intuitiva som det bara går kommer många grupper ändå att behöva "
        "någon form av handledning, utbildning eller support. Bibliotek, Medborgarcenter med "
        "flera ska ge hjälp och stöd så att alla kan dra nytta av det som erbjuds över nätet "
        "såväl av offentlig sektor som privata aktörer.\n\n"
        "Inom kommunkoncernen finns det åtskilliga exempel på att olika former av IT-stöd som "
        "inte utnyttjas fullt ut eftersom medarbetarna inte har fått tillräcklig utbildning och "
        "handledning. Mycket kommer att vinnas när verksamheterna satsar på "
        "kompetensutveckling så att den fulla potentialen i de datorstöd som redan finns tas "
        "tillvara.\n\n"
        "En ökad digital kompetens skapar möjligheter för enskilda individer, grupper och "
        "verksamheter att utnyttja ny digital teknik till fullo. Den skapar också "
        "konkurrensmöjligheter både för företag och för kommunal förvaltning. En god digital "
        "kompetens för alla i arbetsför ålder gör dem anställningsbara och underlättar för dem "
        "att starta och driva företag.",
        ["framkant"],
        [
            (
                "5.5a",
                "Alla medborgare och företagare ska ges förutsättningar att på ett enkelt sätt "
                "och till rimliga kostnader ta del av och använda digitala tjänster, "
                "information och plattformar.",
            ),
            (
                "5.5b",
                "Den digitala kompetensen hos medborgare och företagare samt anställda inom "
                "kommunkoncernen ska hålla jämna steg med den tekniska utvecklingen.",
            ),
        ],
    ),
    (
        "5.6",
        "Demokrati och deltagande",
        "En första förutsättning för inflytande och delaktighet är att den offentliga "
        "förvaltningen är öppen och hela tiden tillhandahåller information om verksamheten på "
        "ett lättillgängligt och öppet sätt. Det kan röra sig om allt från inkomna handlingar "
        "och fattade beslut till videoupptagningar av möten och sammanträden.\n\n"
        "Det ska också vara möjligt att komma till tals med förtroendevalda och förvaltning via "
        "många olika kanaler och göra sin röst hörd. Viktigt i detta sammanhang är att "
        "medborgarna också får svar på sina synpunkter och frågor inom en tid som är rimlig men "
        "hänsyn till den kanal som valts. Insamling av medborgarnas synpunkter kan göras via "
        "enkäter, omröstningar, samråd, paneler med mera inför förändringar och beslut.",
        ["framkant"],
        [("5.6a", "Medborgardialogen ska stärkas med hjälp av digitala lösningar.")],
    ),
    (
        "5.7",
        "Entreprenörskap och företagsutveckling",
        "Kommunkoncernen tar tillsammans med företagen fram lösningar som förenklar deras "
        "kontakter med offentlig sektor. En ökad IT-användning bland företagen ökar deras "
        "konkurrenskraft och ger tillgång till nya marknader. Bredband och ökad digital "
        "kompetens kan bidra till detta.\n\n"
        "Offentlig information i form av öppna data görs tillgänglig digitalt, vilket ger "
        "företagen möjligheter att skapa innovativa tjänster. Kommunkoncernen drar nytta av "
        "elevernas innovationsförmåga på alla nivåer inom utbildningsväsendet samt Krinovas "
        "inkubatorverksamhet för att få fram idéer.",
        ["framkant", "infrastruktur"],
        [
            (
                "5.7a",
                "Den digitala tekniken ska kunna användas fullt ut för att öka företagens "
                "tillväxt, konkurrens- och innovationskraft samt handel.",
            )
        ],
    ),
    (
        "5.8",
        "Miljöpåverkan",
        "För Kristianstads kommun finns redan Handlingsplan för effektiv och hållbar IT. Den "
        "behandlar\n\n"
        "- Miljöpåverkan från IT-utrustning och dess användning\n"
        "- IT som miljöteknik det vill säga hur IT kan användas för att minska organisationens "
        "miljöpåverkan som helhet.\n\n"
        "De fokusområden som tas upp i handlingsplanen är arbetsplatsen och dess utrustning, "
        "datahallen, nätverken samt IT som miljöteknik. Arbetet med insatsområdet Miljöpåverkan "
        "ska även i fortsättningen bedrivas genom uppdateringar av denna plan.\n\n"
        "Insamling och spridning av miljödata kan också bidrag till att arbetet med att "
        "förbättra miljön stimuleras.",
        ["framkant"],
        [
            (
                "5.8a",
                "IT- och kommunikationsteknik ska användas så att energieffektiva och hållbara "
                "lösningar uppnås.",
            )
        ],
    ),
    (
        "5.9",
        "Digital infrastruktur",
        "I kommunstyrelsens beslut om e-kommun finns följande målsättningar vad gäller den "
        "digitala infrastrukturen:\n\n"
        "Mål för utbyggnaden av den fiberoptiska infrastrukturen är att före 2020 ska minst "
        "95 % av hushållen respektive arbetsplatserna ha möjlighet att ansluta sig till "
        "bredband i ett öppet nät med en hastighet av minst 100 Mbit/s samt att all offentlig "
        "verksamhet i snar närtid ska ha tillgång till minst 100Mbit/s.\n\n"
        "Kravet på den fiberoptiska infrastrukturen inom kommunen är att den ska ha en "
        "överföringskapacitet på minst 100 Mbit/s och medge en framtida uppgradering till "
        "1 Gbit/s eller mer. En målsättning är att alla hushåll och arbetsplatser som har "
        "möjlighet att ansluta sig till bredband via fiberoptiska nätet ska ansluta sig till "
        "detta. Inriktningen ska vara ett kommuntäckande öppet nät med en sund konkurrens på "
        "operatörsnivå, vilket uppnås genom långsiktigt offentligt ägande. Som grund för "
        "utbyggnaden ligger kommunens Bredbandsstrategi.",
        ["infrastruktur"],
        [
            (
                "5.9a",
                "Före 2020 ska minst 95 % av hushållen respektive arbetsplatserna ha möjlighet "
                "att ansluta sig till bredband i ett öppet nät med en hastighet av minst "
                "100 Mbit/s.",
            ),
            (
                "5.9b",
                "All offentlig verksamhet ska i snar närtid ha tillgång till minst 100 Mbit/s.",
            ),
            (
                "5.9c",
                "Alla hushåll och arbetsplatser som har möjlighet att ansluta sig till "
                "bredband via fiberoptiska nätet ska ansluta sig till detta.",
            ),
        ],
    ),
]

# The "År 2020 ska Kristianstads kommun:" points, verbatim (the list continues on a missing
# page). Linking the first to 5.1–5.8 and the second to 5.7 and 5.9 is our reading.
OVERALL_GOALS = [
    {
        "key": "framkant",
        "title": "ligga i framkant när det gäller att använda digitaliseringens möjligheter att "
        "utveckla den kommunala servicen, verksamheterna och demokratin och vara en av de "
        "ledande kommunerna i Sverige inom området",
        "description": "",
    },
    {
        "key": "infrastruktur",
        "title": "tillhandahålla en digital infrastruktur i världsklass för att öka tillväxten "
        "och välfärden i kommunen",
        "description": "",
    },
]

# Indicators from the "Exempel på mätetal" lines of each area (names verbatim or split where a
# line names two measures). Qualitative where the text is qualitative. The broadband target
# (95 % before 2020) is verbatim; its baseline is ILLUSTRATIVE.
INDICATORS = [
    {
        "name": "Antal samverkansprojekt/grupperingar internt och externt som "
        "kommunkoncernen har/ingår i",
        "unit": "st",
        "measure_type": "count",
        "focus_areas": ["5.1"],
        "goals": ["5.1a"],
    },
    {
        "name": "Antal lösningar som samutnyttjas med andra kommuner/organisationer",
        "unit": "st",
        "measure_type": "count",
        "focus_areas": ["5.1"],
        "goals": ["5.1a"],
    },
    {
        "name": "Finansieringsmodell för varje insats där man samverkar",
        "definition": "För varje insats där man samverkar ska det finnas en finansieringsmodell "
        "som tar hänsyn till kraven på långsiktighet och helhetssyn.",
        "kind": "qualitative",
        "measure_type": "other",
        "focus_areas": ["5.2"],
        "goals": ["5.2a"],
        "targets": [
            (
                2020,
                None,
                "Finansieringsmodell finns för varje insats där man samverkar",
            )
        ],
    },
    {
        "name": "Nyttoberäkningar för större investeringar",
        "definition": "Nyttoberäkningar ska finnas för alla större investeringar.",
        "kind": "qualitative",
        "measure_type": "cost",
        "focus_areas": ["5.2"],
        "goals": ["5.2b"],
        "targets": [(2020, None, "Nyttoberäkningar ska finnas för alla större investeringar")],
    },
    {
        "name": "Totala nyttan av e-tjänster och välfärdstjänster",
        "definition": "Beräknad nytta enligt Strategiska IT-rådets modell för nyttoberäkning.",
        "unit": "kr",
        "measure_type": "cost",
        "focus_areas": ["5.3"],
        "goals": ["5.3b"],
    },
    {
        "name": "Nyttjandegraden av de digitala tjänsterna",
        "unit": "%",
        "measure_type": "usage",
        "focus_areas": ["5.3", "5.5"],
        "goals": ["5.3a", "5.5a"],
    },
    {
        "name": "Spridningen av ett-till-ett-datorer",
        "unit": "%",
        "measure_type": "share",
        "focus_areas": ["5.4"],
        "goals": ["5.4a"],
    },
    {
        "name": "Andel digitala läromedel",
        "unit": "%",
        "measure_type": "share",
        "focus_areas": ["5.4"],
        "goals": ["5.4a"],
    },
    {
        "name": "Antal/andel lärare som ger möjlighet till digitala lektionsförberedelser",
        "unit": "%",
        "measure_type": "share",
        "focus_areas": ["5.4"],
        "goals": ["5.4b"],
    },
    {
        "name": "Antal elever som följer undervisning på distans",
        "unit": "st",
        "measure_type": "count",
        "focus_areas": ["5.4"],
        "goals": ["5.4b"],
    },
    {
        "name": "Resultaten i olika former av kundnöjdhetsmätningar",
        "unit": "index",
        "measure_type": "satisfaction",
        "focus_areas": ["5.5"],
        "goals": ["5.5a"],
    },
    {
        "name": "Antal enkäter/omröstningar under året",
        "unit": "st",
        "measure_type": "count",
        "focus_areas": ["5.6"],
        "goals": ["5.6a"],
    },
    {
        "name": "Svarsfrekvens i enkäter/omröstningar",
        "unit": "%",
        "measure_type": "usage",
        "focus_areas": ["5.6"],
        "goals": ["5.6a"],
    },
    {
        "name": "Antal aktiva i kommunens digitala forum",
        "unit": "st",
        "measure_type": "usage",
        "focus_areas": ["5.6"],
        "goals": ["5.6a"],
    },
    {
        "name": "Nya e-tjänster för företagare under året",
        "unit": "st",
        "measure_type": "count",
        "focus_areas": ["5.7"],
        "goals": ["5.7a"],
    },
    {
        "name": "Antal och andel företag som anslutit sig till fibernätet under året",
        "unit": "%",
        "measure_type": "share",
        "focus_areas": ["5.7", "5.9"],
        "goals": ["5.7a", "5.9c"],
    },
    {
        "name": "Ny öppen data som lagts ut från kommunkoncernen under året",
        "unit": "st",
        "measure_type": "count",
        "focus_areas": ["5.7"],
        "goals": ["5.7a"],
    },
    {
        "name": "Mätetal i mätning av företagsklimatet",
        "unit": "index",
        "measure_type": "satisfaction",
        "focus_areas": ["5.7"],
        "goals": ["5.7a"],
    },
    {
        "name": "Mått i Handlingsplan för effektiv och hållbar IT",
        "definition": "De mått som finns angivna i handlingsplanen för effektiv och hållbar IT.",
        "kind": "qualitative",
        "measure_type": "other",
        "focus_areas": ["5.8"],
        "goals": ["5.8a"],
    },
    {
        "name": "Nya miljödata som publicerats under året",
        "unit": "st",
        "measure_type": "count",
        "focus_areas": ["5.8"],
        "goals": ["5.8a"],
    },
    {
        "name": "Andel hushåll med möjlighet att ansluta sig till bredband om minst 100 Mbit/s",
        "definition": "Andel av hushållen som har möjlighet att ansluta sig till bredband i ett "
        "öppet nät med en hastighet av minst 100 Mbit/s.",
        "unit": "%",
        "measure_type": "share",
        # ILLUSTRATIVE baseline; the target is the council's (5.9).
        "baseline": ("52", 2014),
        "targets": [(2020, "95", "")],
        # Compared in Kolada with the whole country (the recorded responses).
        "source": "kolada",
        "kolada_kpi": "N07900",
        "focus_areas": ["5.9"],
        "goals": ["5.9a"],
        "responsible_body": KS,
    },
    {
        "name": "Andel arbetsplatser med möjlighet att ansluta sig till bredband om minst "
        "100 Mbit/s",
        "definition": "Andel av arbetsplatserna som har möjlighet att ansluta sig till "
        "bredband i ett öppet nät med en hastighet av minst 100 Mbit/s.",
        "unit": "%",
        "measure_type": "share",
        # ILLUSTRATIVE baseline; the target is the council's (5.9).
        "baseline": ("47", 2014),
        "targets": [(2020, "95", "")],
        "focus_areas": ["5.9"],
        "goals": ["5.9a"],
        "responsible_body": KS,
    },
    {
        "name": "Hur väl den strategiska färdplanen i Bredbandsstrategin följs",
        "kind": "qualitative",
        "measure_type": "other",
        "focus_areas": ["5.9"],
        "goals": ["5.9a", "5.9c"],
        "responsible_body": KS,
    },
]

SUMMARY_AREAS = "\n".join(
    f"- **{number} {title}** – {FOCUS_AREA_GOALS[number]}" for number, title, *_ in FOCUS_AREAS
)

# Narrative sections (Markdown). Verbatim except the lead of "1 Sammanfattning", which is
# ILLUSTRATIVE (page 2 is missing), and the 5.1 line of its list.
SECTIONS = [
    (
        "1 Sammanfattning",
        "Kristianstads kommun ska bli en e-kommun: kommunen använder digitaliseringens "
        "möjligheter för att förenkla för privatpersoner och företag, utveckla demokratin och "
        "implementera smarta lösningar för kommunkoncernens verksamhet. Agendan har "
        "övergripande mål och nio insatsområden, vart och ett med mål och mätetal.\n\n"
        "### 1.2 Insatsområden\n\n" + SUMMARY_AREAS,
    ),
    (
        "2 Inledning – 2.1 Uppdraget",
        "2014-04-16 beslutade kommunstyrelsen om inriktning och mål för digital utveckling och "
        "bredbandsutbyggnad i Kristianstads kommun. Det ska vara kommunens ambition att ligga i "
        "framkant när det gäller att använda informationsteknikens möjligheter.\n\n"
        "I en PM *Kommunens arbete för att ta tillvara digitaliseringens möjligheter och "
        "utveckling av e-samhället – Kristianstad e-kommun 2020* delades en rad uppdrag ut. Ett "
        "av dessa var att ta fram en digital agenda och en handlingsplan för e-kommunen "
        "Kristianstad. Agendan ska beskriva vad kommunen vill uppnå när det gäller "
        "samhällstjänster, e-tjänster, användbarhet, säkerhet med mera. De områden som "
        "särskilt nämns är:\n\n"
        "- Digital infrastruktur\n"
        "- E-tjänster och välfärdstjänster\n"
        "- Demokrati och deltagande\n"
        "- Samverkan inom kommunkoncernen och med andra kommuner och organisationer.\n\n"
        "Handlingsplanen ska föreslå och tidsätta de åtgärder som behöver vidtas. Behovet av "
        "resurser ska redovisas och vara underlag för kommunens budgetarbete.",
    ),
    (
        "2 Inledning – 2.2 Omvärld att förhålla oss till och ta tillvara",
        "I hela landet, på alla nivåer i offentlig förvaltning, pågår ett intensivt arbete med "
        "att hålla Sverige kvar bland de ledande länderna när det gäller IT-användningen. Det "
        "är viktigt att alla verksamheter i kommunkoncernen noga följer och medverkar i vad som "
        "händer. Hänsyn ska hela tiden tas till de åtgärder och lösningar som finns på central "
        "och regional nivå i landet samt i andra kommuner.\n\n"
        "I bilaga 2 finns korta sammanfattningar av:\n\n"
        "- It i människans tjänst – en digital agenda för Sverige\n"
        "- SKL:s Strategi för esamhället\n"
        "- Pågående arbete med en digital agenda för Skåne",
    ),
    (
        "3 Syfte",
        "Den digitala agendan beskriver inom vilka insatsområden kommunkoncernen i första hand "
        "ska utveckla digitaliseringen och dess användning för att Kristianstad ska bli en "
        "e-kommun samt nå digitaliseringsmålet för 2020. För varje insatsområde finns mål och "
        "mätetal. Insatsområdena är grunden för de handlingsplaner som verksamheterna årligen "
        "ska ta fram.",
    ),
    (
        "4 Övergripande mål",
        "Enligt det beslut som fattades av kommunstyrelsen 2014-04-16 ska inriktningen vara mot "
        "målbilden kallad E-kommun.\n\n"
        "Med e-kommun menar vi att kommunen använder digitaliseringens möjligheter för att "
        "förenkla för privatpersoner och företag, utveckla demokratin och implementera smarta "
        "lösningar för kommunkoncernens verksamhet som ger ökad effektivitet och kvalitet och "
        "minskad miljöpåverkan. Detta görs genom samordnad utveckling och integrering av "
        "tekniker och tjänster i samklang med verksamhetens mål, behov och resurser.\n\n"
        "År 2020 ska Kristianstads kommun:\n\n"
        "- ligga i framkant när det gäller att använda digitaliseringens möjligheter att "
        "utveckla den kommunala servicen, verksamheterna och demokratin och vara en av de "
        "ledande kommunerna i Sverige inom området.\n"
        "- tillhandahålla en digital infrastruktur i världsklass för att öka tillväxten och "
        "välfärden i kommunen,",
    ),
    (
        "6 Handlingsplanen",
        "Handlingsplanen ska samlat och konkret beskriva de åtgärder som behöver vidtas inom "
        "kommunkoncernen för att målen för de olika insatsområdena ska kunna uppnås. I planen "
        "ska det finnas tids- och resurssatta åtgärder som tas in i budgetarbetet.\n\n"
        "Handlingsplanen för kommunkoncernen sammanställs av Strategiska IT-rådet. Respektive "
        "verksamhet ska säkerställa innehållet för sin del av handlingsplanen.",
    ),
    (
        "7 Genomförande – 7.1 Organisation",
        "Vägen mot e-kommunen ska inte uppfattas som ett projekt utan som ett uppdrag inom den "
        "löpande verksamheten. Arbetet ska därför bedrivas inom ordinarie organisation.\n\n"
        "Detta innebär att Strategiska IT-rådet ska vara sammanhållande och pådrivande för "
        "utvecklingen samt svara för utvärdering och uppföljning. Rådet rapporterar till "
        "strategiska chefsgruppen som ska lämna förslag till kommundirektören i frågor som "
        "denne ska besluta i. Kommundirektören ska i sin tur avrapportera till kommunstyrelsen "
        "som fattar eventuella strategiska beslut under arbetets gång.",
    ),
    (
        "7 Genomförande – 7.2 Resurser",
        "IT-strategen på kommunledningskontoret ska vara handläggare åt Strategiska IT-rådet "
        "och övergripande inom koncernen arbeta aktivt med att samordna, driva på och följa upp "
        "arbetet med e-kommunen.\n\n"
        "Varje förvaltning och bolag behöver avsätta egna resurser för att driva på, stödja och "
        "följa upp den egna verksamhetens digitaliseringsprocess.\n\n"
        "En e-utvecklingsgrupp tillsätts av Strategiska IT-rådet. Den bemannas från respektive "
        "förvaltning och ska ta fram nya e-tjänster samt förvalta och utveckla de befintliga.\n\n"
        "En eller flera systemförvaltare ska finnas för varje system. De ska aktivt arbeta med "
        "förvaltning, utveckling och inte minst utbildning.\n\n"
        "Strategiska IT-rådet disponerar en liten budget för att kunna beställa förstudier och "
        "liknande som är av strategisk och verksamhetsövergripande karaktär. Budgeten tillkommer "
        "genom att en summa läggs på varje dator IT-avdelningen hyr ut.",
    ),
    (
        "8 Uppföljning och utvärdering",
        "SKL:s eblomlådan ska användas för årlig summering av åtgärder och utvärdering. En "
        "avstämning ska samtidigt göras mot de specifika mätetal som ställts upp för respektive "
        "insatsområde. Strategiska IT-rådet formulerar övergripande mätetal och de olika "
        "verksamheterna kan formulera egna.\n\n"
        "Uppföljning och utvärdering ansvarar Strategiska IT-rådet för. Resultatet redovisas "
        "för strategiska chefsgruppen, kommunstyrelsen och kommunfullmäktige.\n\n"
        "Årlig process: Digital agenda → Handlingsplan → eblomlådan SKL → Mätetalen → "
        "Omvärldsmätningar",
    ),
    (
        "Bilaga 1 Källförteckning",
        "- Näringsdepartementet (2011), *It i människans tjänst – en digital agenda för "
        "Sverige*, URL: http://www.regeringen.se/sb/d/14375\n"
        "- Digitaliseringskommissionen (2014), SOU 2014:13, *En digital agenda i människans "
        "tjänst – en ljusnande framtid kan bli vår*, Delbetänkande/uppföljningsrapport\n"
        "- SKL (2011), *Strategi för esamhället*\n"
        "- Region Skåne/Länsstyrelsen Skåne/Kommunförbundet Skåne, *Den Digitala Agendan för "
        "Skåne – Livskvalitet i världsklass*, URL: http://ddafs.se\n"
        "- Linköpings kommun (2012), *Digital Agenda för Linköping 2012–2015*, "
        "Kommunstyrelsen 2012-04-17\n"
        "- SKL, *eblomlådan*, URL: http://eblomladan.skl.se/sv\n"
        "- Kristianstads kommun (2014), *Inriktning och mål för digital utveckling och "
        "bredbandsutbyggnad i Kristianstads kommun*, KS 2014-04-16 § 93, Änr KS 2014/221\n"
        "- Kristianstads kommun/kommunledningskontoret/Martin Risberg (2014), *Kommunens arbete "
        "för att ta tillvara på digitaliseringens möjligheter och utveckling av e-samhället – "
        "Kristianstad e-kommun 2020*, Änr KS 2014/221",
    ),
    (
        "Bilaga 2 Omvärld",
        "### Digital agenda för Sverige\n\n"
        "2011 beslutade regeringen om en bred och sammanhållen strategi för IT-politiken, *It i "
        "människans tjänst – en digital agenda för Sverige*. Agendan delades in i fyra "
        "strategiska områden och 22 sakområden: Lätt och säkert att använda; Tjänster som "
        "skapar nytta; Det behövs infrastruktur; IT:s roll för samhällsutvecklingen.\n\n"
        "### Strategi för esamhället SKL\n\n"
        "Sveriges kommuner och landsting har tagit fram en Strategi för esamhället som ska "
        "stödja utvecklingen av e-förvaltning inom kommunal sektor. De övergripande målen är:\n\n"
        "- Enklare vardag för privatpersoner och företag.\n"
        "- Smartare och öppnare förvaltning stödjer innovation och delaktighet.\n"
        "- Högre kvalitet och effektivitet i verksamheten.\n\n"
        "### Digital agenda för Skåne\n\n"
        "Region Skåne har tillsammans med Länsstyrelsen och Kommunförbundet Skåne påbörjat ett "
        "arbete med en Digital agenda för Skåne. De områden man fokuserat på är: Individen, "
        "Offentlig förvaltning, Vård och omsorg, Utbildning och utveckling, Entreprenörskap och "
        "företagsutveckling, Infrastruktur.",
    ),
]

# Decision in the agenda's list of sources (Bilaga 1), verbatim facts.
DECISIONS = [
    {
        "body": KS,
        "kind": "other",
        "date": "2014-04-16",
        "paragraph": "93",
        "registry_number": "KS 2014/221",
        "title": "Inriktning och mål för digital utveckling och bredbandsutbyggnad i "
        "Kristianstads kommun",
        "text": "2014-04-16 beslutade kommunstyrelsen om inriktning och mål för digital "
        "utveckling och bredbandsutbyggnad i Kristianstads kommun. Det ska vara kommunens "
        "ambition att ligga i framkant när det gäller att använda informationsteknikens "
        "möjligheter.",
        "document": "agenda",
        "distribution": [],
    },
]

DOCUMENTS = [
    {
        "key": "agenda",
        "kind": "digital_agenda",
        "title": TITLE,
        "summary": "Den digitala agendan beskriver inom vilka insatsområden kommunkoncernen i "
        "första hand ska utveckla digitaliseringen för att Kristianstad ska bli en e-kommun "
        "samt nå digitaliseringsmålet för 2020. Ver 2.0, 2015-02-11.",
        "period_start": 2015,
        "period_end": 2020,
        "parent": None,
        "owning_body": KS,
        "process_owner": IT_RADET,
        "registry_number": "KS 2014/221",
        "sections": SECTIONS,
        "overall_goals": OVERALL_GOALS,
        "focus_areas": [
            (number, title, FOCUS_AREA_GOALS[number], description, goal_keys, goals)
            for number, title, description, goal_keys, goals in FOCUS_AREAS
        ],
        "indicators": INDICATORS,
        "activities": [],
        # Adopted (no consultation round runs on it in the demo), then frozen as the version
        # the record carries.
        "adopt": True,
        "version_label": "Ver 2.0 (2015-02-11)",
    },
]

MEMBERSHIPS = [
    ("demo-admin", "admin", []),
    ("kristianstad-strateg", "strategist", []),
]

STRATEGIST = "kristianstad-strateg"

# The council "formulerar övergripande mätetal" and answers for follow-up (chapter 8): the
# responsible body of every indicator that does not name another.
INDICATOR_BODY = IT_RADET
