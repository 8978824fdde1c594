"""Fill German translations into i18n/sen12_plugin_de.ts (run after `make translations` adds strings).

Keeps every translation a translator already made in Qt Linguist; fills only empty ones it knows.
"""

import sys
import xml.etree.ElementTree as ET

DE = {
    "SEN1-2 Patch Builder": "SEN1-2 Patch Builder",
    "1. ROIs": "1. ROIs",
    "Draw rectangle": "Rechteck zeichnen",
    "Draw polygon": "Polygon zeichnen",
    "Size while drawing:": "Größe beim Zeichnen:",
    "Layer:": "Layer:",
    "Add selected features as ROIs": "Ausgewählte Objekte als ROIs übernehmen",
    "Seeds:": "Seeds:",
    "land": "Land",
    "urban": "Stadt",
    "Per seed:": "Pro Seed:",
    "Sample seeded ROIs": "ROIs mit Seeds ziehen",
    "2. Season and sensors": "2. Jahreszeit und Sensoren",
    "Year (paper: 2017):": "Jahr (Paper: 2017):",
    "Seasons:": "Jahreszeiten:",
    "S1 VV and VH": "S1 VV und VH",
    "All 13 S2 bands": "Alle 13 S2-Bänder",
    "S2 level:": "S2-Level:",
    "Max. cloud:": "Max. Bewölkung:",
    "S1 orbit:": "S1-Orbit:",
    "3. Earth Engine": "3. Earth Engine",
    "Cloud project id": "Cloud-Projekt-ID",
    "Project:": "Projekt:",
    "Service-account key:": "Dienstkonto-Schlüssel:",
    "Not signed in": "Nicht angemeldet",
    "Sign in": "Anmelden",
    "Check availability": "Verfügbarkeit prüfen",
    "Preview": "Vorschau",
    "Download": "Herunterladen",
    "Batch export": "Batch-Export",
    "Refresh tasks": "Aufgaben aktualisieren",
    "Task": "Aufgabe",
    "Description": "Beschreibung",
    "State": "Status",
    "4. Scenes": "4. Szenen",
    "Folder:": "Ordner:",
    "Load scenes from folder": "Szenen aus Ordner laden",
    "5. Extract patches": "5. Patches ausschneiden",
    "Dataset name (drawn ROIs):": "Datensatzname (gezeichnete ROIs):",
    "Formats:": "Formate:",
    "stride": "Schrittweite",
    "Patch size:": "Patchgröße:",
    "Extract from visible scene pairs": "Aus sichtbaren Szenenpaaren ausschneiden",
    "Tick at least one season.": "Mindestens eine Jahreszeit ankreuzen.",
    "The ROI layer is empty: draw, pick or sample ROIs first.":
        "Der ROI-Layer ist leer: zuerst ROIs zeichnen, auswählen oder ziehen.",
    "ROI {} added ({}).": "ROI {} hinzugefügt ({}).",
    "Pick a polygon layer: ROIs are polygons.": "Einen Polygon-Layer wählen: ROIs sind Polygone.",
    "Select one or more polygons in {} first.": "Zuerst ein oder mehrere Polygone in {} auswählen.",
    "{} ROIs added from {}.": "{} ROIs aus {} hinzugefügt.",
    "{} ROIs sampled, {} dropped (overlap or outside Sentinel-2 coverage).":
        "{} ROIs gezogen, {} verworfen (Überlappung oder außerhalb der Sentinel-2-Abdeckung).",
    "Sampling SEN1-2 ROIs": "SEN1-2-ROIs werden gezogen",
    "Signed in, project {}": "Angemeldet, Projekt {}",
    "Signed in to Earth Engine (project {}).": "Bei Earth Engine angemeldet (Projekt {}).",
    "Signing in to Earth Engine": "Anmeldung bei Earth Engine",
    "{} ROI-seasons have images, {} have none.": "{} ROI-Jahreszeiten haben Bilder, {} keine.",
    "Checking Earth Engine availability": "Earth-Engine-Verfügbarkeit wird geprüft",
    "Preparing Earth Engine previews": "Earth-Engine-Vorschau wird vorbereitet",
    "{} scene pairs downloaded.": "{} Szenenpaare heruntergeladen.",
    "Downloading SEN1-2 scenes": "SEN1-2-Szenen werden heruntergeladen",
    "Starting Earth Engine exports": "Earth-Engine-Exporte werden gestartet",
    "{} export tasks started.": "{} Exportaufgaben gestartet.",
    "Refreshing Earth Engine tasks": "Earth-Engine-Aufgaben werden aktualisiert",
    "Choose the folder that holds the scenes.": "Den Ordner mit den Szenen wählen.",
    "No scene pairs (s1_N.tif with s2_N.tif) under {}.": "Keine Szenenpaare (s1_N.tif mit s2_N.tif) unter {}.",
    "{} scene pairs loaded.": "{} Szenenpaare geladen.",
    "No visible scene pair: show the S1 and S2 layers of at least one ROI.":
        "Kein sichtbares Szenenpaar: die S1- und S2-Layer mindestens einer ROI einblenden.",
    "Tick PNG and/or GeoTIFF.": "PNG und/oder GeoTIFF ankreuzen.",
    "Patch index": "Patch-Index",
    "{} patch pairs from {} scene pairs in {}.": "{} Patchpaare aus {} Szenenpaaren in {}.",
    "Extracting SEN1-2 patches": "SEN1-2-Patches werden ausgeschnitten",
    "Sample SEN1-2 ROIs…": "SEN1-2-ROIs ziehen…",
    "Fetch SEN1-2 scenes…": "SEN1-2-Szenen holen…",
    "Extract SEN1-2 patches…": "SEN1-2-Patches ausschneiden…",
    "Seasons": "Jahreszeiten",
    "Sentinel-1 VV and VH": "Sentinel-1 VV und VH",
    "All 13 Sentinel-2 bands": "Alle 13 Sentinel-2-Bänder",
    "Sentinel-2 level": "Sentinel-2-Level",
    "Maximum cloud cover of a Sentinel-2 image (%)": "Maximale Bewölkung eines Sentinel-2-Bildes (%)",
    "Sentinel-1 orbit": "Sentinel-1-Orbit",
    "Service-account key file (optional)": "Dienstkonto-Schlüsseldatei (optional)",
    "Dataset name for ROIs without a seed": "Datensatzname für ROIs ohne Seed",
    "Choose at least one season.": "Mindestens eine Jahreszeit wählen.",
    "Destination": "Ziel",
    "Drive folder": "Drive-Ordner",
    "Cloud Storage bucket": "Cloud-Storage-Bucket",
    "Started tasks": "Gestartete Aufgaben",
    "Earth Engine export status": "Earth-Engine-Exportstatus",
    "Tasks": "Aufgaben",
    "Extract SEN1-2 patch pairs": "SEN1-2-Patchpaare ausschneiden",
    "Sentinel-1 scene (VV, dB)": "Sentinel-1-Szene (VV, dB)",
    "Sentinel-2 scene (B4, B3, B2)": "Sentinel-2-Szene (B4, B3, B2)",
    "Output folder": "Ausgabeordner",
    "Patch size (px)": "Patchgröße (px)",
    "Stride (px)": "Schrittweite (px)",
    "Scene number (the ROI id)": "Szenennummer (die ROI-ID)",
    "Formats": "Formate",
    "Contrast stretch": "Kontraststreckung",
    "Choose a Sentinel-1 and a Sentinel-2 raster layer.": "Einen Sentinel-1- und einen Sentinel-2-Rasterlayer wählen.",
    "Fetch SEN1-2 scenes from Earth Engine": "SEN1-2-Szenen aus Earth Engine holen",
    "Only write the requests (requests.json), contact nothing": "Nur die Anfragen schreiben (requests.json), nichts kontaktieren",
    "Dropped ROIs (with reason)": "Verworfene ROIs (mit Grund)",
    "Scene pairs on disk": "Szenenpaare auf der Festplatte",
    "Preview SEN1-2 mosaics (Earth Engine tiles)": "SEN1-2-Mosaike ansehen (Earth-Engine-Kacheln)",
    "Preview layers": "Vorschau-Layer",
    "Sample ROIs (SEN1-2 seeds)": "ROIs ziehen (SEN1-2-Seeds)",
    "Seeds (comma-separated)": "Seeds (durch Kommas getrennt)",
    "Points over land per seed": "Punkte über Land pro Seed",
    "Points over urban areas per seed": "Punkte über Stadtgebieten pro Seed",
    "ROI size (km)": "ROI-Größe (km)",
    "ROIs": "ROIs",
    "{} ROIs kept, {} dropped.": "{} ROIs behalten, {} verworfen.",
    "6. Review and publish": "6. Prüfen und veröffentlichen",
    "Patch index:": "Patch-Index:",
    "Keys: N next, P previous, A accept, R reject, T toggle S1/S2":
        "Tasten: N weiter, P zurück, A annehmen, R verwerfen, T S1/S2 umschalten",
    "Start review": "Prüfung starten",
    "Stop": "Beenden",
    "Split by:": "Aufteilen nach:",
    "Apply decisions, make splits, write the dataset card":
        "Entscheidungen anwenden, Aufteilung erstellen, Datensatzkarte schreiben",
    "Choose the patch index layer (extract patches first).": "Den Patch-Index-Layer wählen (zuerst Patches ausschneiden).",
    "Publishing the SEN1-2 dataset": "SEN1-2-Datensatz wird veröffentlicht",
    "Nothing to review.": "Nichts zu prüfen.",
    "Check SEN1-2 scenes (no-data, cloud, colour, seamlines)": "SEN1-2-Szenen prüfen (No-Data, Wolken, Farbe, Nahtlinien)",
    "Apply review decisions to the dataset folders": "Prüfentscheidungen auf die Datensatzordner anwenden",
    "Make train / validation / test splits": "Trainings-/Validierungs-/Testaufteilung erstellen",
    "Write the dataset card": "Datensatzkarte schreiben",
    "Split by": "Aufteilen nach",
    "Training share": "Trainingsanteil",
    "Validation share": "Validierungsanteil",
    "Seed": "Seed",
}


def main(path: str) -> int:
    tree = ET.parse(path)
    filled = 0
    for message in tree.iter("message"):
        source = message.findtext("source")
        translation = message.find("translation")
        if source in DE and (translation.text or "") == "":
            translation.text = DE[source]
            translation.attrib.pop("type", None)
            filled += 1
    tree.write(path, encoding="utf-8", xml_declaration=True)
    print(f"{filled} German translations filled in {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "i18n/sen12_plugin_de.ts"))
