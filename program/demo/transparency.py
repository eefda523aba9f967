"""Demo data of the transparency section: placeholder documents and a fictional register.

The register shows the rule at work: one donor crosses €500 over several gifts in the same
year (all of them are published), one stays below (nothing published), and a company gives
once above the threshold. Donors are fictional. Dates are relative to the previous calendar
year, so the demo stays within the five years a published row stays online.
"""

TRANSPARENCY = {
    "title": "Trasparenza",
    "slug": "trasparenza",
    "intro": (
        "Statuto, rendiconti e contributi ricevuti: quello che la legge chiede di pubblicare a "
        "partiti e liste, e che vogliamo comunque rendere pubblico."
    ),
    "search_description": (
        "Statuto, rendiconti, curriculum delle candidature e contributi ricevuti da Officina "
        "Comune."
    ),
}

# (year offset from the current year, kind, title, person)
DOCUMENTS = [
    (-1, "statuto", "Statuto dell'associazione (documento di esempio)", ""),
    (-1, "rendiconto", "Rendiconto dell'esercizio (documento di esempio)", ""),
    (-1, "relazione-gestione", "Relazione sulla gestione (documento di esempio)", ""),
    (-1, "verbale-approvazione", "Verbale dell'assemblea che approva il rendiconto (esempio)", ""),
    (-2, "rendiconto", "Rendiconto dell'esercizio (documento di esempio)", ""),
]

DONORS = [
    {"name": "Giulia Esempio", "kind": "person"},
    {"name": "Marco Dimostrativo", "kind": "person"},
    {"name": "Tipografia Immaginaria s.r.l.", "kind": "organisation"},
]

# (donor name, amount, kind, description, month, day) of the previous calendar year
CONTRIBUTIONS = [
    ("Giulia Esempio", "200.00", "money", "", 2, 14),
    ("Giulia Esempio", "150.00", "money", "", 5, 3),
    ("Giulia Esempio", "180.00", "money", "", 9, 21),
    ("Marco Dimostrativo", "300.00", "money", "", 3, 8),
    ("Marco Dimostrativo", "200.00", "money", "", 11, 30),
    (
        "Tipografia Immaginaria s.r.l.",
        "750.00",
        "services",
        "Stampa di 2.000 volantini per la festa di quartiere, al prezzo di listino.",
        6,
        12,
    ),
]
