"""The built-in self-assessment template, modelled on the three levels of SKL's
e-government self-assessment (e-blomlådan). Copied into an organisation's own question set,
where every question can then be edited."""

SKL_TEMPLATE_NAME = "SKL:s självskattning av e-förvaltning"

SKL_TEMPLATE: list[tuple[str, list[str]]] = [
    (
        "Digitala tjänster för invånare och företag",
        [
            "De vanligaste ärendena kan invånare och företag utföra digitalt dygnet runt.",
            "E-tjänsterna är utvecklade utifrån användarnas behov och testade med användare.",
            "Invånare och företag kan följa sina ärenden digitalt och ta del av beslut digitalt.",
            "Kommunens webbplats och e-tjänster uppfyller kraven på tillgänglighet.",
            "Kommunen erbjuder säker inloggning med e-legitimation i sina e-tjänster.",
            "Kommunen publicerar öppna data som andra kan återanvända.",
        ],
    ),
    (
        "Ledning, styrning och arbetssätt",
        [
            "Det finns en politiskt beslutad strategi för digitalisering med mål och mått.",
            "Ansvaret för digitaliseringen är tydligt fördelat mellan nämnder och förvaltningar.",
            "Verksamheterna gör nyttokalkyler och följer upp nyttan av digitala satsningar.",
            "Verksamhetsprocesserna ses över innan de digitaliseras.",
            "Medarbetare och chefer har den digitala kompetens som arbetet kräver.",
            "Kommunen samverkar med andra kommuner och organisationer kring digitalisering.",
        ],
    ),
    (
        "Tekniska förutsättningar",
        [
            "Det finns en gemensam IT-arkitektur och regler för att integrera system.",
            "E-tjänster är integrerade med verksamhetssystemen utan manuell överföring.",
            "Kommunen har en e-arkivlösning för långsiktigt bevarande av digital information.",
            "Informationssäkerhetsarbetet bedrivs systematiskt enligt en fastställd standard.",
            "Bredband med hög hastighet finns tillgängligt för invånare och företag.",
            "Kommunens system och information är klassade utifrån krav på säkerhet.",
        ],
    ),
]
