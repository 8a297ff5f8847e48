"""Word lists the extraction rules share (general English military/news vocabulary)."""
from __future__ import annotations


def _by_word(groups: dict[str, tuple[str, ...]]) -> dict[str, str]:
    """Word -> the value it is listed under (a table written one value per line)."""
    return {word: value for value, words in groups.items() for word in words}


#: Nouns that designate a military unit ("9th Brigade", "72 Special Forces Battalion").
UNIT_NOUNS = {
    "brigade", "battalion", "division", "regiment", "corps", "company", "squadron",
    "platoon", "battery", "detachment", "group", "wing", "sector", "task", "unit", "army",
    "fleet", "flotilla", "legion", "column", "troop",
}
#: Unit nouns strong enough to form a unit with a bare number ("81 Battalion").
NUMBERED_UNIT_NOUNS = {
    "brigade", "battalion", "division", "regiment", "corps", "squadron", "platoon",
    "battery", "detachment", "wing", "sector", "legion", "company", "army", "fleet", "command",
}
#: Last words of a named force ("Afghan National Army", "Kandahar Operations Command").
FORCE_HEADS = {
    "army", "armies", "forces", "force", "police", "command", "service", "services", "guard",
    "guards", "mission", "coalition", "militia", "militias", "brigade", "brigades",
    "battalion", "battalions", "division", "divisions", "regiment", "corps", "directorate",
    "navy", "gendarmerie", "front", "movement", "peshmerga", "mobilisation", "mobilization",
    "squadron", "unit", "units", "agency", "commandos", "rangers", "marines",
    "legion", "fleet", "group", "contingent", "contingents", "alliance", "aviation", "warriors",
    "mujahideen", "cartel",
}
#: Heads that are generic when used alone ("the army", "police units").
GENERIC_FORCE_WORDS = {
    "army", "police", "forces", "force", "troops", "soldiers", "militants", "fighters",
    "insurgents", "military", "security", "units", "unit", "group", "militia", "militias",
    "government", "authorities", "officials", "jihadists", "terrorists", "rebels",
    "attackers", "assailants", "gunmen", "the",
}
#: Words that mark a hostile, non-state armed group when attached to a name.
HOSTILE_WORDS = {
    "militants", "militant", "insurgents", "insurgent", "jihadists", "jihadist", "terrorists",
    "terrorist", "rebels", "rebel", "cells", "cell", "remnants", "extremists", "extremist",
    "fighters", "gunmen", "attackers", "assailants", "raiders", "sleeper", "hideouts",
    "hideout", "camps",
}
#: Administrative or feature words after a place name ("Diyala province").
PLACE_HEADS = {
    "province", "governorate", "region", "state", "district", "county", "prefecture",
    "municipality", "area", "areas", "forest", "mountains", "mountain", "range", "river",
    "valley", "desert", "island", "islands", "lake", "plain", "plains", "triangle",
    "camp", "village", "town", "city", "neighbourhood", "neighborhood", "corridor",
    "hills", "oasis", "lga", "axis", "basin", "highlands", "plateau", "peninsula", "delta",
    "subdivision", "tehsil", "township", "heights", "dam", "department", "tracts",
}
#: Place heads that may be dropped to give an alias ("Diyala province" -> "Diyala").
STRIPPABLE_PLACE_HEADS = (
    "local government area", "mountain range", "village tract", "province", "governorate", "region",
    "state", "district", "county", "prefecture", "municipality", "area", "forest", "mountains",
    "range", "lga", "city", "town", "desert", "township", "subdivision", "division", "department",
    "territory", "village",
)
#: Nouns naming an operation or campaign.
OPERATION_NOUNS = {
    "operation", "operations", "offensive", "campaign", "sweep", "inspection", "push",
    "clearance", "crackdown", "counteroffensive", "counter-offensive", "drive", "assault",
    "mop-up", "manhunt", "expedition", "exercise",
}
#: Nouns naming a discrete violent incident, mapped to the incident class.
INCIDENT_NOUNS = _by_word({
    "Attack": ("attack", "attacks", "assault", "assaults", "counterattack", "counterattacks", "counter-attack",
               "counter-attacks", "shelling", "massacre", "siege", "incursion", "storming", "seizure",
               "abduction", "abductions", "kidnapping", "kidnappings", "bombardment", "shooting"),
    "Ambush": ("ambush", "ambushes"),
    "Raid": ("raid", "raids"),
    "Bombing": ("bombing", "bombings", "blast", "blasts", "explosion", "explosions"),
    "Airstrike": ("airstrike", "airstrikes", "strike", "strikes", "air strike"),
    "Clash": ("clash", "clashes", "firefight", "gunfight", "shootout", "gunbattle"),
    "Assassination": ("assassination",),
})
#: Titles that precede a person's name.
TITLES = {
    "gen", "gen.", "general", "maj", "maj.", "major", "lt", "lt.", "lieutenant", "col", "col.",
    "colonel", "brig", "brig.", "brigadier", "capt", "capt.", "captain", "cmdr", "commander",
    "sgt", "sgt.", "sergeant", "adm", "adm.", "admiral", "president", "governor", "mayor",
    "minister", "prime", "gov.", "sheikh", "dr", "dr.", "mr", "mr.", "mrs", "ms", "gen.",
    "spokesman", "spokesperson", "spokeswoman", "chief", "senator", "lt.-gen.", "maj.-gen.",
    "air", "vice", "marshal", "field", "rear", "first", "deputy", "staff",
    "commissioner", "inspector", "secretary", "superintendent", "ambassador", "envoy",
    # lower ranks and service titles before a name ("Corporal X", "Ranger X", "Officer Commanding")
    "private", "corporal", "constable", "trooper", "ranger", "warrant", "lance", "petty", "commanding",
}
#: Role nouns tying a person to a force or place, mapped to the stored role.
ROLE_NOUNS = _by_word({
    "commander": ("commander", "commanders", "commandant"),
    "spokesman": ("spokesman", "spokesperson", "spokeswoman"),
    "chief": ("chief", "chiefs"),
    "head": ("head", "inspector"),
    "leader": ("leader", "emir", "amir", "wali", "founder"),
}) | {role: role for role in ("mayor", "governor", "president", "minister", "director", "officer", "deputy",
                              "chairman", "commissioner")}
#: Roles that may tie a person to a place (rule: mayors/governors/heads of state).
PLACE_ROLES = {"mayor", "governor", "president", "minister", "chairman", "commissioner"}
#: Roles that tie a person to a force.
FORCE_ROLES = {"commander", "spokesman", "chief", "head", "leader", "director", "deputy", "commandant",
               "commissioner"}

#: Verbs whose subject takes part in an operation.
PARTICIPATE_VERBS = {
    "conduct", "launch", "carry", "lead", "join", "participate", "mount", "spearhead",
    "execute", "undertake", "begin", "start", "support", "back", "advance", "stage",
    "involve", "run", "open", "wrap", "complete", "continue", "take", "clear", "sweep",
}
#: Verbs of clearing/securing/capturing: their objects are places the operation covered.
CLEAR_VERBS = {
    "clear", "secure", "capture", "take", "retake", "recapture", "liberate", "seize", "sweep",
    "overrun", "enter", "storm", "raid", "comb", "search", "free", "reclaim", "control",
    "regain", "surround", "destroy", "raze", "besiege", "encircle", "push",
}
#: Verbs/adjectives of presence used for threatenedBy.
PRESENCE_WORDS = {
    "hold", "hide", "operate", "active", "present", "presence", "base", "bases", "stronghold",
    "strongholds", "bastion", "bastions", "control", "remain", "threat", "market", "markets",
    "hideout", "hideouts", "shelter", "camp", "camps", "cells", "use", "occupy", "roam",
    "regroup", "re-group", "infiltrate", "attack", "storm", "abandon", "flee", "retreat",
}
#: Words that make a place mention a reference point, not a location.
REFERENCE_PREPS = {"towards", "toward", "between", "from"}
DIRECTION_WORDS = {
    "north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest",
    "north-east", "north-west", "south-east", "south-west", "northern", "southern",
    "eastern", "western",
}
LOCATIVE_PREPS = {"in", "at", "near", "around", "inside", "across", "throughout", "outside", "on", "within"}
MONTHS = {
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug",
    "sep", "sept", "oct", "nov", "dec",
}
WEEKDAYS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}
#: Capitalised words that never name an entity on their own.
STOP_NAMES = {
    "the", "a", "an", "he", "she", "it", "they", "we", "i", "this", "that", "these", "those",
    "on", "in", "at", "according", "but", "and", "or", "although", "after", "before",
    "while", "as", "some", "scores", "more", "residents", "officials", "sources",
    "troops", "security", "army", "police", "military", "government", "state", "twitter",
    "telegram", "facebook", "reuters", "afp", "ap", "bbc", "al", "un", "coronavirus",
    "covid-19", "sunni", "shia", "shiite", "kurdish", "arabic", "english",
}
