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
    "Check SEN1-2 scenes (no-data, cloud, colour, seamlines)": "SEN1-2-Szenen prüfen (NoData, Wolken, Farbe, Nahtlinien)",
    "Apply review decisions to the dataset folders": "Prüfentscheidungen auf die Datensatzordner anwenden",
    "Make train / validation / test splits": "Trainings-/Validierungs-/Testaufteilung erstellen",
    "Write the dataset card": "Datensatzkarte schreiben",
    "Split by": "Aufteilen nach",
    "Training share": "Trainingsanteil",
    "Validation share": "Validierungsanteil",
    "Seed": "Seed",
    # Season names (qgis_support.season_label) and the strings added by issue 11.
    "winter": "Winter",
    "spring": "Frühling",
    "summer": "Sommer",
    "fall": "Herbst",
    "SEN1-2": "SEN1-2",
    "S1": "S1",
    "S2": "S2",
    "Layer": "Layer",
    "Role": "Rolle",
    "Date": "Datum",
    "Why": "Grund",
    "Extract": "Ausschneiden",
    "Season": "Jahreszeit",
    "Dataset name": "Datensatzname",
    "Match": "Übereinstimmung",
    "drawn": "gezeichnet",
    "ROI {}: {}": "ROI {}: {}",
    "requests.json": "requests.json",
    # ROIs
    "ROIs (a 'season' field wins over SEASONS)": "ROIs (ein Feld „season“ hat Vorrang vor SEASONS)",
    "Year of the seasons (2017: the paper's)": "Jahr der Jahreszeiten (2017: wie im Paper)",
    "Samples ROIs as the SEN1-2 paper did: per seed, random points (uniform by area) over land masses and over "
    "urban areas, a square around each, one season per seed (1158 spring, 1868 summer, 1970 fall, 2017 winter). "
    "ROIs outside Sentinel-2 coverage (56°S-84°N) or overlapping an earlier ROI are dropped; the DROPPED output "
    "lists them with the reason. Same seeds, same ROIs, on every machine.":
        "Zieht ROIs wie im SEN1-2-Paper: pro Seed Zufallspunkte (flächenmäßig gleichverteilt) über Landmassen und "
        "über Stadtgebieten, um jeden Punkt ein Quadrat, eine Jahreszeit pro Seed (1158 Frühling, 1868 Sommer, "
        "1970 Herbst, 2017 Winter). ROIs außerhalb der Sentinel-2-Abdeckung (56°S-84°N) oder mit Überlappung zu "
        "einer früheren ROI werden verworfen; die Ausgabe DROPPED listet sie mit Grund auf. Gleiche Seeds, "
        "gleiche ROIs, auf jedem Rechner.",
    "Land mask (default: Natural Earth 1:50m land)": "Landmaske (Standard: Natural Earth 1:50m land)",
    "Urban areas (polygons or city points; default: Natural Earth cities)":
        "Stadtgebiete (Polygone oder Stadtpunkte; Standard: Natural Earth cities)",
    "Land mask: {}": "Landmaske: {}",
    "Dropped ROI {} of seed {}: {}": "ROI {} von Seed {} verworfen: {}",
    "The polygon has no area; draw it again.": "Das Polygon hat keine Fläche; neu zeichnen.",
    "A ROI must be a polygon: pick a polygon layer or draw a polygon.":
        "Eine ROI muss ein Polygon sein: einen Polygon-Layer wählen oder ein Polygon zeichnen.",
    "The polygon has {} parts: use one polygon per ROI.": "Das Polygon hat {} Teile: ein Polygon pro ROI verwenden.",
    "Cannot create the ROI layer {}: {}": "Der ROI-Layer {} kann nicht angelegt werden: {}",
    "Cannot open the ROI layer {}.": "Der ROI-Layer {} kann nicht geöffnet werden.",
    "Cannot add ROIs to {}: is the layer read-only?":
        "ROIs können nicht zu {} hinzugefügt werden: ist der Layer schreibgeschützt?",
    "Add a base map (OpenStreetMap; S2 mosaic when signed in)":
        "Grundkarte hinzufügen (OpenStreetMap; S2-Mosaik nach Anmeldung)",
    "OpenStreetMap added. Sign in to Earth Engine to add the season's Sentinel-2 mosaic too.":
        "OpenStreetMap hinzugefügt. Bei Earth Engine anmelden, um auch das Sentinel-2-Mosaik der Jahreszeit "
        "hinzuzufügen.",
    "S2 {} {} mosaic (Earth Engine preview)": "S2-Mosaik {} {} (Earth-Engine-Vorschau)",
    "OpenStreetMap and the {} Sentinel-2 mosaic around the view added.":
        "OpenStreetMap und das Sentinel-2-Mosaik {} rund um die Ansicht hinzugefügt.",
    "Preparing the Sentinel-2 base map": "Sentinel-2-Grundkarte wird vorbereitet",
    # Season and Earth Engine
    "Custom dates instead:": "Stattdessen eigener Zeitraum:",
    "Custom dates instead of SEASONS: first day (YYYY-MM-DD)":
        "Eigener Zeitraum statt SEASONS: erster Tag (JJJJ-MM-TT)",
    "Custom dates: last day (YYYY-MM-DD)": "Eigener Zeitraum: letzter Tag (JJJJ-MM-TT)",
    "Earth Engine Cloud project (empty: the plugin's setting)":
        "Earth-Engine-Cloud-Projekt (leer: Einstellung des Plugins)",
    "Parallel Earth Engine requests (the project's limit is 40 by default)":
        "Parallele Earth-Engine-Anfragen (das Limit des Projekts liegt standardmäßig bei 40)",
    "Longest wait for one Earth Engine answer, in seconds (below its 5 minutes)":
        "Längste Wartezeit auf eine Earth-Engine-Antwort, in Sekunden (unter ihren 5 Minuten)",
    "Replace scenes in OUTPUT that were made from other inputs":
        "Szenen in OUTPUT ersetzen, die aus anderen Eingaben entstanden sind",
    "ROI rows left out: {}": "Ausgelassene ROI-Zeilen: {}",
    "No ROI row can be requested; see the reasons above.":
        "Keine ROI-Zeile kann angefragt werden; siehe die Gründe oben.",
    "Scene checks: {}": "Szenenprüfungen: {}",
    "Wrote {} requests to {} (nothing was contacted).": "{} Anfragen in {} geschrieben (nichts wurde kontaktiert).",
    "{} scene pairs on disk, {} ROI-seasons dropped.":
        "{} Szenenpaare auf der Festplatte, {} ROI-Jahreszeiten verworfen.",
    "For every ROI and season: asks Earth Engine how many Sentinel-1 GRD (IW, VV) and Sentinel-2 L1C "
    "(cloud <= 1 %, B4 B3 B2) images match, drops ROIs without images (DROPPED, with the reason), and downloads "
    "the two mosaics (mosaic, clip, 10 m) on one pinned UTM grid as cloud-optimized GeoTIFFs: "
    "OUTPUT/ROIs{seed}_{season}/scenes/s1_{id}.tif (float32 dB, no-data -9999) and s2_{id}.tif (uint16, "
    "no-data 0). Tiled, parallel (CONCURRENCY requests at once), retried and resumable: a scene made from the "
    "same inputs is kept, one made from other inputs stops the run unless OVERWRITE is set. ROI ids must be "
    "unique; a row with a bad id, seed, season or shape is listed in DROPPED with the reason and the others go "
    "on. START_DATE and END_DATE (YYYY-MM-DD) replace the SEASONS by one custom date range. With REQUEST_ONLY "
    "nothing is contacted: OUTPUT/requests.json holds the exact expression graph of every request.":
        "Für jede ROI und Jahreszeit: fragt Earth Engine, wie viele Bilder von Sentinel-1 GRD (IW, VV) und "
        "Sentinel-2 L1C (Wolken <= 1 %, B4 B3 B2) passen, verwirft ROIs ohne Bilder (DROPPED, mit Grund) und "
        "lädt die beiden Mosaike (mosaic, clip, 10 m) auf einem festen UTM-Gitter als Cloud-optimierte GeoTIFFs "
        "herunter: OUTPUT/ROIs{seed}_{season}/scenes/s1_{id}.tif (float32 dB, NoData -9999) und s2_{id}.tif "
        "(uint16, NoData 0). In Kacheln, parallel (CONCURRENCY Anfragen gleichzeitig), mit Wiederholungen und "
        "fortsetzbar: Eine aus denselben Eingaben entstandene Szene wird behalten, eine aus anderen Eingaben "
        "bricht den Lauf ab, außer OVERWRITE ist gesetzt. ROI-IDs müssen eindeutig sein; eine Zeile mit "
        "ungültiger ID, ungültigem Seed, ungültiger Jahreszeit oder Form wird mit Grund in DROPPED aufgeführt, "
        "die übrigen laufen weiter. START_DATE und END_DATE (JJJJ-MM-TT) ersetzen die SEASONS durch einen "
        "eigenen Zeitraum. Mit REQUEST_ONLY wird nichts kontaktiert: OUTPUT/requests.json enthält den genauen "
        "Ausdrucksgraphen jeder Anfrage.",
    "Export SEN1-2 scenes (Earth Engine batch tasks)": "SEN1-2-Szenen exportieren (Earth-Engine-Batch-Aufgaben)",
    "Starts Export.image.toDrive (or toCloudStorage) tasks for the S1 and S2 mosaic of every ROI and season, on "
    "the same pinned grid as downloads, for runs too big to download interactively. Follow them with 'Earth "
    "Engine export status'; put the finished GeoTIFFs into a folder and extract patches from them.":
        "Startet Aufgaben mit Export.image.toDrive (oder toCloudStorage) für das S1- und S2-Mosaik jeder ROI und "
        "Jahreszeit, auf demselben festen Gitter wie die Downloads, für Läufe, die zu groß zum interaktiven "
        "Herunterladen sind. Mit „Earth-Engine-Exportstatus“ verfolgen; die fertigen GeoTIFFs in einen Ordner "
        "legen und daraus Patches ausschneiden.",
    "Lists your Earth Engine export tasks with their state (run again to refresh).":
        "Listet die eigenen Earth-Engine-Exportaufgaben mit ihrem Status auf (zum Aktualisieren erneut ausführen).",
    "Adds the Sentinel-1 and Sentinel-2 mosaic of every ROI and season as Earth Engine map tiles, styled like the "
    "recipe: S1 grey -25..0 dB, S2 B4 B3 B2 0..10000, or with STRETCH the recipe's 2-98 % stretch computed by "
    "Earth Engine. Nothing is downloaded.":
        "Fügt das Sentinel-1- und Sentinel-2-Mosaik jeder ROI und Jahreszeit als Earth-Engine-Kartenkacheln "
        "hinzu, dargestellt wie im Rezept: S1 grau -25..0 dB, S2 B4 B3 B2 0..10000, oder mit STRETCH mit der "
        "2-98-%-Streckung des Rezepts, von Earth Engine berechnet. Es wird nichts heruntergeladen.",
    "Per-scene 2-98 % stretch (one more request per mosaic)":
        "Streckung 2-98 % pro Szene (eine zusätzliche Anfrage pro Mosaik)",
    # Scenes (own files and pairing)
    "Your own scenes:": "Eigene Szenen:",
    "Add own scene files…": "Eigene Szenendateien hinzufügen…",
    "Add product or band folder…": "Produkt- oder Bandordner hinzufügen…",
    "Sentinel-1/-2 rasters or products": "Sentinel-1/-2-Raster oder -Produkte",
    "Rasters and products (*.tif *.tiff *.jp2 *.vrt *.zip *.xml);;All (*)":
        "Raster und Produkte (*.tif *.tiff *.jp2 *.vrt *.zip *.xml);;Alle (*)",
    "A SAFE folder or a folder of per-band files": "Ein SAFE-Ordner oder ein Ordner mit Dateien je Band",
    "{}: QGIS cannot show it": "{}: QGIS kann es nicht anzeigen",
    "{} scene(s) added: {}.": "{} Szene(n) hinzugefügt: {}.",
    "Not added: {}.": "Nicht hinzugefügt: {}.",
    "No S1/S2 pair among the visible layers. {}": "Kein S1/S2-Paar unter den sichtbaren Layern. {}",
    "{} {}: only {} is visible; show its {} twin to extract it":
        "{} {}: nur {} ist sichtbar; das zugehörige {} zum Ausschneiden einblenden",
    "scene loaded by this plugin": "von diesem Plugin geladene Szene",
    "web tiles or a service, not a file": "Web-Kacheln oder ein Dienst, keine Datei",
    "SEN1-2: scene pairs to extract": "SEN1-2: auszuschneidende Szenenpaare",
    "Visible raster layers (change a role if it was guessed wrong):":
        "Sichtbare Rasterlayer (eine Rolle ändern, wenn sie falsch erkannt wurde):",
    "Proposed pairs (by footprint overlap and date):":
        "Vorgeschlagene Paare (nach Überlappung der Footprints und nach Datum):",
    "set by you": "manuell gesetzt",
    "Not used: {}": "Nicht verwendet: {}",
    "Tick at least one pair.": "Mindestens ein Paar ankreuzen.",
    "Choose a season for the pair with S2 {}: no date is known.":
        "Eine Jahreszeit für das Paar mit S2 {} wählen: kein Datum bekannt.",
    "Give a dataset name for the pair with S2 {}.": "Einen Datensatznamen für das Paar mit S2 {} angeben.",
    "A scene is in two ticked pairs: each S2 scene pairs once.":
        "Eine Szene steckt in zwei angekreuzten Paaren: Jede S2-Szene bildet nur ein Paar.",
    # Extract
    "Replace scenes made from other inputs or settings":
        "Szenen ersetzen, die aus anderen Eingaben oder Einstellungen entstanden sind",
    "{} patch pairs from {} of {} scene pairs in {}.": "{} Patchpaare aus {} von {} Szenenpaaren in {}.",
    "Extracting SEN1-2 patches from your scenes": "SEN1-2-Patches werden aus den eigenen Szenen ausgeschnitten",
    "Cuts a co-registered Sentinel-1 (VV, dB) / Sentinel-2 (B4, B3, B2) scene pair into patch pairs as in "
    "SEN1-2: S1 clipped to -25..0 dB, S2 to 0..10000, both scaled to 8 bit and stretched per band (2-98 "
    "percentile over the scene), 256 x 256 px at stride 128; patches with any no-data pixel are dropped. Writes "
    "ROIs{seed}_{season}/s1_{scene}/..._p{n}.png and the s2_ twins (GeoTIFF patches with the original values on "
    "request) and OUTPUT/patch_index.gpkg. If the grids differ, S1 is resampled onto the S2 grid. S2 may also be "
    "a Sentinel-2 SAFE folder or .zip, or a folder of per-band files (*_B04, *_B03, *_B02); SEASON may stay "
    "empty when a scene's date is known (metadata, file name or scene JSON). The log says what was recognised."
    "\n\nInputs are checked: S2 bands B4, B3, B2 are found by their names, else by the Sentinel-2 band order of "
    "a 13-, 12-, 4- (B2 B3 B4 B8) or 3-band (B4 B3 B2) file, else give S2_BANDS (e.g. 4,3,2). S1 must be float "
    "dB: linear power is converted to dB with a warning, integer S1 is refused.\n\nResume: each scene records "
    "its sources and settings. A re-run with the same ones skips finished patch pairs; with others it stops, "
    "unless OVERWRITE is on, which removes that scene's old patches and index rows (and their review decisions) "
    "first. Two extractions into one folder at once: the second stops.":
        "Schneidet ein koregistriertes Szenenpaar aus Sentinel-1 (VV, dB) / Sentinel-2 (B4, B3, B2) wie in "
        "SEN1-2 in Patchpaare: S1 auf -25..0 dB begrenzt, S2 auf 0..10000, beide auf 8 Bit skaliert und pro "
        "Band gestreckt (2-98-Perzentil über die Szene), 256 x 256 px mit Schrittweite 128; Patches mit auch "
        "nur einem NoData-Pixel werden verworfen. Schreibt ROIs{seed}_{season}/s1_{scene}/..._p{n}.png und die "
        "s2_-Gegenstücke (auf Wunsch GeoTIFF-Patches mit den Originalwerten) sowie OUTPUT/patch_index.gpkg. "
        "Wenn die Gitter verschieden sind, wird S1 auf das S2-Gitter umgerechnet (Resampling). S2 kann auch ein "
        "Sentinel-2-SAFE-Ordner oder eine .zip-Datei sein oder ein Ordner mit Dateien je Band (*_B04, *_B03, "
        "*_B02); SEASON darf leer bleiben, wenn das Datum einer Szene bekannt ist (Metadaten, Dateiname oder "
        "Szenen-JSON). Das Protokoll zeigt, was erkannt wurde."
        "\n\nEingaben werden geprüft: Die S2-Bänder B4, B3, B2 werden über ihre Namen gefunden, sonst über die "
        "Sentinel-2-Bandreihenfolge einer Datei mit 13, 12, 4 (B2 B3 B4 B8) oder 3 Bändern (B4 B3 B2), sonst "
        "S2_BANDS angeben (z. B. 4,3,2). S1 muss als Gleitkommazahl in dB vorliegen: Lineare Leistung wird mit "
        "einer Warnung in dB umgerechnet, ganzzahliges S1 wird abgelehnt.\n\nFortsetzen: Jede Szene hält ihre "
        "Quellen und Einstellungen fest. Ein erneuter Lauf mit denselben überspringt fertige Patchpaare; mit "
        "anderen bricht er ab, außer OVERWRITE ist aktiviert – dann werden zuerst die alten Patches und "
        "Indexzeilen dieser Szene (samt ihren Prüfentscheidungen) entfernt. Zwei Extraktionen gleichzeitig in "
        "einen Ordner: Die zweite bricht ab.",
    "Sentinel-2 scene (B4, B3, B2; or a SAFE folder/zip, or a folder of band files)":
        "Sentinel-2-Szene (B4, B3, B2; oder ein SAFE-Ordner/-Zip oder ein Ordner mit Banddateien)",
    "Seed of the ROI (empty for drawn ROIs)": "Seed der ROI (leer bei gezeichneten ROIs)",
    "Season (empty: the seed's season, or from the scene's date)":
        "Jahreszeit (leer: die des Seeds oder aus dem Datum der Szene)",
    "Quality checks (scene and patches; results in the index)":
        "Qualitätsprüfungen (Szene und Patches; Ergebnisse im Index)",
    "Replace this scene if it was made from other inputs or settings":
        "Diese Szene ersetzen, wenn sie aus anderen Eingaben oder Einstellungen entstanden ist",
    "S2 band numbers of B4, B3, B2 (empty: by band names or band order)":
        "S2-Bandnummern von B4, B3, B2 (leer: nach Bandnamen oder Bandreihenfolge)",
    "Cloud share for review": "Wolkenanteil für Prüfung",
    "Cloud share for reject": "Wolkenanteil für Verwerfen",
    "Seamline contrast for review": "Nahtlinienkontrast für Prüfung",
    "Band ratio for a colour shift": "Bandverhältnis für eine Farbverschiebung",
    "All Sentinel-2 bands at 10 m from a product or band folder (GeoTIFF patches)":
        "Alle Sentinel-2-Bänder in 10 m aus einem Produkt- oder Bandordner (GeoTIFF-Patches)",
    "Patch pairs in the index for this scene": "Patchpaare im Index für diese Szene",
    "Patch pairs written": "Geschriebene Patchpaare",
    "Patch pairs already there (skipped)": "Bereits vorhandene Patchpaare (übersprungen)",
    "Patches dropped for no-data": "Wegen NoData verworfene Patches",
    "Incorrect parameter value for {}": "Ungültiger Parameterwert für {}",
    "Give a SEASON (e.g. summer): {}.": "Eine SEASON angeben (z. B. summer): {}.",
    "Scene check: {} {}": "Szenenprüfung: {} {}",
    "{dataset}, scene {scene}: {kept} patch pairs ({written} written, {skipped} already there), {dropped} "
    "dropped for no-data, of {total} grid positions. Index: {index}":
        "{dataset}, Szene {scene}: {kept} Patchpaare ({written} geschrieben, {skipped} schon vorhanden), "
        "{dropped} wegen NoData verworfen, von {total} Gitterpositionen. Index: {index}",
    # Checks, review and publish
    "{} is not a folder.": "{} ist kein Ordner.",
    "Folder with scenes": "Ordner mit Szenen",
    "Scene checks": "Szenenprüfungen",
    "Runs the scene checks on every s1_N.tif / s2_N.tif pair under the folder and lists pass / review / reject "
    "with reasons. Beside scenes this plugin downloaded (with scene_N.json) each verdict is stored as "
    "scene_N_qc.json; nothing is written beside other rasters.":
        "Führt die Szenenprüfungen für jedes Paar s1_N.tif / s2_N.tif unter dem Ordner aus und listet pass / "
        "review / reject mit Gründen auf. Neben Szenen, die dieses Plugin heruntergeladen hat (mit "
        "scene_N.json), wird jedes Ergebnis als scene_N_qc.json gespeichert; neben andere Raster wird nichts "
        "geschrieben.",
    "{} scene {}: {} {}": "{} Szene {}: {} {}",
    "Moves the files of rejected patch pairs (the analyst's decision, else the automatic check) to "
    "OUTPUT/_rejected/ and brings back pairs accepted again. Nothing is deleted.":
        "Verschiebt die Dateien verworfener Patchpaare (nach der Entscheidung des Analysten, sonst nach der "
        "automatischen Prüfung) nach OUTPUT/_rejected/ und holt wieder angenommene Paare zurück. Es wird nichts "
        "gelöscht.",
    "Accepted pairs": "Angenommene Paare",
    "Files moved out": "Verschobene Dateien",
    "Files brought back": "Zurückgeholte Dateien",
    "Deterministic splits of the accepted patch pairs by scene, ROI or season (a group never spans two splits), "
    "written to OUTPUT/splits/{by}/train.txt, val.txt and test.txt.":
        "Deterministische Aufteilung der angenommenen Patchpaare nach Szene, ROI oder Jahreszeit (eine Gruppe "
        "liegt nie in zwei Teilen), geschrieben nach OUTPUT/splits/{by}/train.txt, val.txt und test.txt.",
    "Dataset folder (with patch_index.gpkg)": "Datensatzordner (mit patch_index.gpkg)",
    "Training list": "Trainingsliste",
    "Split by {}: {}": "Aufteilung nach {}: {}",
    "Mode": "Modus",
    "Write the lists; refuse when the same ground would be in two splits":
        "Listen schreiben; ablehnen, wenn derselbe Boden in zwei Teilen läge",
    "Write the lists; report where the same ground is in two splits":
        "Listen schreiben; melden, wo derselbe Boden in zwei Teilen liegt",
    "Report only: say what the split would be, write nothing":
        "Nur Bericht: sagen, wie die Aufteilung wäre, nichts schreiben",
    "Writes dataset_card.json and dataset_card.md: recipe ({}), collections, Earth Engine image ids, dates, "
    "ROIs, counts before and after each check, thresholds, tool version and the Copernicus attribution.":
        "Schreibt dataset_card.json und dataset_card.md: Rezept ({}), Collections, Earth-Engine-Bild-IDs, "
        "Aufnahmedaten, ROIs, Anzahlen vor und nach jeder Prüfung, Schwellenwerte, Werkzeugversion und die "
        "Copernicus-Quellenangabe.",
    "Dataset card (Markdown)": "Datensatzkarte (Markdown)",
    "{} is not a patch index (no qc_status / decision fields).":
        "{} ist kein Patch-Index (keine Felder qc_status / decision).",
    "{}/{}: {} scene {} p{} - {} {}{}": "{}/{}: {} Szene {} p{} - {} {}{}",
    " - decided: {}": " - entschieden: {}",
    "Cannot write the decision into {}.": "Die Entscheidung kann nicht in {} geschrieben werden.",
    "{} pairs kept ({} files moved to _rejected, {} brought back); splits {}; card {}.":
        "{} Paare behalten ({} Dateien nach _rejected verschoben, {} zurückgeholt); Aufteilung {}; "
        "Datensatzkarte {}.",
    # Errors for the user (qgis_support.user_sentence)
    "The task was cancelled; finished outputs are kept.":
        "Die Aufgabe wurde abgebrochen; fertige Ergebnisse bleiben erhalten.",
    "Out of memory: close other programs, or use a smaller scene or fewer workers.":
        "Nicht genug Arbeitsspeicher: andere Programme schließen oder eine kleinere Szene bzw. weniger parallele "
        "Prozesse verwenden.",
    "A file could not be read or written{}: {}. Check the path, the permissions and the free space, then run "
    "again.":
        "Eine Datei konnte nicht gelesen oder geschrieben werden{}: {}. Pfad, Berechtigungen und freien "
        "Speicherplatz prüfen, dann erneut ausführen.",
    "Unexpected error ({}: {}). The details are in the log panel (SEN1-2); please report them.":
        "Unerwarteter Fehler ({}: {}). Die Details stehen im Bedienfeld Protokollmeldungen (SEN1-2); bitte "
        "melden.",
    # issue 18.3: the plan and cost before a download
    "Compute:": "Rechenzeit:",
    "Plan download": "Download planen",
    "EECU-seconds": "EECU-Sekunden",
    "Nothing left to download: every scene pair is on disk.":
        "Nichts mehr herunterzuladen: alle Szenenpaare liegen vor.",
    "Planning the download": "Download wird geplant",
    "{} tier ({} EECU-hours a month)": "Stufe {} ({} EECU-Stunden im Monat)",
    " EECU-hours": " EECU-Stunden",
    "no budget": "kein Budget",
    "A download that would use more compute, by its plan's estimate or as measured on the way, stops with a "
    "sentence; finished tiles are kept.":
        "Ein Download, der nach der Schätzung seines Plans oder unterwegs gemessen mehr Rechenzeit bräuchte, "
        "hält mit einer Meldung an; fertige Kacheln bleiben erhalten.",
    "Plan download shows what a download takes before it starts.":
        "„Download planen“ zeigt, was ein Download braucht, bevor er beginnt.",
    "This download used {} EECU-hours, measured.": "Dieser Download hat {} EECU-Stunden verbraucht (gemessen).",
    "The download's plan (plan.json)": "Plan des Downloads (plan.json)",
    "Compute by the plan's estimate (EECU-hours)": "Rechenzeit nach Schätzung des Plans (EECU-Stunden)",
    "Compute used, measured (EECU-hours)": "Verbrauchte Rechenzeit, gemessen (EECU-Stunden)",
    "Compute budget in EECU-hours (0: none)": "Rechenbudget in EECU-Stunden (0: keins)",
    "Earth Engine quota tier the plan is shown against (EECU-hours a month)":
        "Earth-Engine-Kontingentstufe, an der der Plan gemessen wird (EECU-Stunden im Monat)",
    "Lists your Earth Engine export tasks with their state and, once finished, the compute they used "
    "(eecu_seconds, from the task's metadata); run again to refresh.":
        "Listet die eigenen Earth-Engine-Exportaufgaben mit ihrem Status und, wenn fertig, der verbrauchten "
        "Rechenzeit auf (eecu_seconds, aus den Metadaten der Aufgabe); zum Aktualisieren erneut ausführen.",
    # Labels (issue 21)
    "Labels (optional): LABELS is a vector layer (its LABEL_FIELD holds the classes, text or numbers; lines and "
    "points need LABEL_BUFFER_M metres) or a raster of class values in any CRS. They are put on the pair's grid "
    "(rasterized by pixel centres, or every touched pixel with LABEL_ALL_TOUCHED; rasters resampled nearest) and "
    "written as a third patch of each pair, {dataset}/lc_{scene}/{dataset}_lc_{scene}_p{n}.png (8-bit class ids, "
    "0 unlabeled), with the classes in {dataset}/class_map.json. Empty LABELS: the land cover sen12:fetch_scenes "
    "stored beside the scene (lc_N.tif), if any. DROP_UNLABELED drops pairs whose label has no class.":
        "Labels (optional): LABELS ist ein Vektorlayer (sein LABEL_FIELD enthält die Klassen, Text oder Zahlen; "
        "Linien und Punkte brauchen LABEL_BUFFER_M Meter) oder ein Raster mit Klassenwerten in beliebigem KBS. "
        "Sie werden auf das Gitter des Paares gebracht (nach Pixelmittelpunkten gerastert, oder jedes berührte "
        "Pixel mit LABEL_ALL_TOUCHED; Raster per nächstem Nachbarn umgerechnet) und als dritter Patch jedes "
        "Paares geschrieben, {dataset}/lc_{scene}/{dataset}_lc_{scene}_p{n}.png (8-Bit-Klassen-IDs, 0 ohne "
        "Label), die Klassen in {dataset}/class_map.json. Leeres LABELS: die Landbedeckung, die "
        "sen12:fetch_scenes neben der Szene abgelegt hat (lc_N.tif), falls vorhanden. DROP_UNLABELED verwirft "
        "Paare, deren Label keine Klasse hat.",
    "Labels: a vector or raster layer of classes (empty: the scene's fetched land cover)":
        "Labels: ein Vektor- oder Rasterlayer mit Klassen (leer: die mit der Szene geladene Landbedeckung)",
    "Class field of the label layer": "Klassenfeld des Label-Layers",
    "Label buffer (m; lines and points)": "Label-Puffer (m; Linien und Punkte)",
    "Label every pixel a feature touches (not only pixel centres)":
        "Jedes Pixel labeln, das ein Objekt berührt (nicht nur Pixelmittelpunkte)",
    "Drop pairs whose label patch has no class": "Paare verwerfen, deren Label-Patch keine Klasse hat",
    "Patches dropped for an all-unlabeled label patch": "Verworfene Patches, deren Label-Patch ganz ohne Klasse ist",
    "Label patches from {}; classes in {}/class_map.json; {} pairs dropped for an all-unlabeled label.":
        "Label-Patches aus {}; Klassen in {}/class_map.json; {} Paare verworfen, weil ihr Label keine Klasse hat.",
    "LABELS adds land-cover labels on the same grid, through the same download: ESA WorldCover v200 (its class "
    "codes 10..100) or Dynamic World (the mode of its label over the season, class id = label + 1), stored as "
    "lc_{id}.tif (uint8, 0 unlabeled) with lc_{id}.json (the catalog's class names and colours); "
    "sen12:extract_patches then cuts label patches from it. Scenes fetched before get their labels without "
    "fetching S1 and S2 again.":
        "LABELS fügt Landbedeckungs-Labels auf demselben Gitter hinzu, über denselben Download: ESA WorldCover "
        "v200 (seine Klassencodes 10..100) oder Dynamic World (der Modus seines label über die Jahreszeit, "
        "Klassen-ID = label + 1), abgelegt als lc_{id}.tif (uint8, 0 ohne Label) mit lc_{id}.json (Klassennamen "
        "und Farben aus dem Katalog); sen12:extract_patches schneidet daraus Label-Patches. Früher geladene "
        "Szenen bekommen ihre Labels, ohne S1 und S2 erneut zu laden.",
    "Land-cover labels with the scenes (lc_N.tif)": "Landbedeckungs-Labels mit den Szenen (lc_N.tif)",
    "None": "Keine",
    "ESA WorldCover (ESA/WorldCover/v200, 10 m)": "ESA WorldCover (ESA/WorldCover/v200, 10 m)",
    "Dynamic World (GOOGLE/DYNAMICWORLD/V1, mode of label over the season)":
        "Dynamic World (GOOGLE/DYNAMICWORLD/V1, Modus von label über die Jahreszeit)",
    "The label layer {} is not a raster file GDAL reads (provider {}).":
        "Der Label-Layer {} ist keine Rasterdatei, die GDAL liest (Provider {}).",
    "The label layer {} is neither a vector nor a raster layer.":
        "Der Label-Layer {} ist weder ein Vektor- noch ein Rasterlayer.",
    "Choose the class field of the label layer {} (LABEL_FIELD).":
        "Das Klassenfeld des Label-Layers {} wählen (LABEL_FIELD).",
    "The label layer {} has no field {}.": "Der Label-Layer {} hat kein Feld {}.",
    "Labels ROI {} {}": "Labels ROI {} {}",
    "Polygons (or lines and points with a buffer) and their class field, or a raster of classes: each pair gets "
    "a label patch on its grid. Empty: the land cover fetched with the scene, if any.":
        "Polygone (oder Linien und Punkte mit Puffer) und ihr Klassenfeld, oder ein Raster mit Klassen: Jedes "
        "Paar bekommt einen Label-Patch auf seinem Gitter. Leer: die mit der Szene geladene Landbedeckung, falls "
        "vorhanden.",
    "Labels:": "Labels:",
    "Class field:": "Klassenfeld:",
    "buffer": "Puffer",
    "every touched pixel": "jedes berührte Pixel",
    "drop pairs without a class": "Paare ohne Klasse verwerfen",
    "ESA WorldCover (10 m)": "ESA WorldCover (10 m)",
    "Dynamic World (mode over the season)": "Dynamic World (Modus über die Jahreszeit)",
    "Land-cover labels downloaded with each scene on its grid (lc_N.tif); extraction cuts label patches from "
    "them.":
        "Landbedeckungs-Labels, die mit jeder Szene auf ihrem Gitter geladen werden (lc_N.tif); die Extraktion "
        "schneidet daraus Label-Patches.",
    "Keys: N next, P previous, A accept, R reject, T toggle S1/S2, L labels":
        "Tasten: N weiter, P zurück, A annehmen, R ablehnen, T S1/S2 wechseln, L Labels",
}

# Issue 23: the dock as an analyst meets it (project folder, tasks, messages, review, layers)
DOCK_DE = {
    "Where this QGIS project keeps its ROIs, scenes and patches": "Wo dieses QGIS-Projekt seine ROIs, Szenen und Patches ablegt",
    "Project folder:": "Projektordner:",
    " (see More)": " (siehe Mehr)",
    "This project's working folder is {} (beside the project file; change it under Project folder).":
        "Der Arbeitsordner dieses Projekts ist {} (neben der Projektdatei; unter Projektordner änderbar).",
    "Choose a working folder for this project first (Project folder, at the top of the dock): the ROIs, scenes and "
    "patches are kept there.":
        "Zuerst einen Arbeitsordner für dieses Projekt wählen (Projektordner, oben im Dock): dort werden ROIs, Szenen "
        "und Patches abgelegt.",
    "Working folder of this QGIS project (ROIs, scenes, patches)": "Arbeitsordner dieses QGIS-Projekts (ROIs, Szenen, Patches)",
    "{} is still running: wait for it, or cancel it first.": "{} läuft noch: warten oder zuerst abbrechen.",
    "Cancelled: {}. What was finished is kept; run it again to go on.":
        "Abgebrochen: {}. Was fertig war, bleibt erhalten; zum Fortsetzen erneut ausführen.",
    "Cancelling…": "Wird abgebrochen…",
    "Cancel": "Abbrechen",
    "Cancel the running task": "Die laufende Aufgabe abbrechen",
    "to review": "zu prüfen",
    "rejected by the checks": "von den Prüfungen abgelehnt",
    "rejected by you": "von Ihnen abgelehnt",
    "accepted by you": "von Ihnen angenommen",
    "passed the checks": "Prüfungen bestanden",
    "{} scene added": "{} Szene hinzugefügt",
    "{} scenes added": "{} Szenen hinzugefügt",
    "{}: {}": "{}: {}",
    "{}; {}:": "{}; {}:",
    "{} not added": "{} nicht hinzugefügt",
    "Not signed in yet: each Earth Engine step signs in with the key file.":
        "Noch nicht angemeldet: jeder Earth-Engine-Schritt meldet sich mit der Schlüsseldatei an.",
    "Not signed in yet: each Earth Engine step signs in with your saved Google sign-in.":
        "Noch nicht angemeldet: jeder Earth-Engine-Schritt meldet sich mit Ihrer gespeicherten Google-Anmeldung an.",
    "SEN1-2: a big job": "SEN1-2: eine große Aufgabe",
    "Start it?": "Starten?",
    "ROI {} {}": "ROI {} {}",
    "{} ROI-season has images": "{} ROI-Jahreszeit hat Bilder",
    "{} ROI-seasons have images": "{} ROI-Jahreszeiten haben Bilder",
    "{} has none": "{} hat keine",
    "{} have none": "{} haben keine",
    "{} adds {} map layers.": "{} fügt {} Kartenlayer hinzu.",
    "the scene check asks for a look: {}": "die Szenenprüfung bittet um einen Blick: {}",
    "No scene pair was downloaded: {}.": "Kein Szenenpaar wurde heruntergeladen: {}.",
    "{} ROI-season was dropped": "{} ROI-Jahreszeit wurde verworfen",
    "{} ROI-seasons were dropped": "{} ROI-Jahreszeiten wurden verworfen",
    "nothing was requested": "nichts wurde angefragt",
    "{} scene pair downloaded and loaded": "{} Szenenpaar heruntergeladen und geladen",
    "{} scene pairs downloaded and loaded": "{} Szenenpaare heruntergeladen und geladen",
    "{}; {}": "{}; {}",
    "{} ROI-season dropped": "{} ROI-Jahreszeit verworfen",
    "{} ROI-seasons dropped": "{} ROI-Jahreszeiten verworfen",
    "The scene check rejects {} scene pair: extraction skips it unless you extract it anyway:":
        "Die Szenenprüfung lehnt {} Szenenpaar ab: das Ausschneiden überspringt es, außer Sie schneiden es trotzdem aus:",
    "The scene check rejects {} scene pairs: extraction skips them unless you extract them anyway:":
        "Die Szenenprüfung lehnt {} Szenenpaare ab: das Ausschneiden überspringt sie, außer Sie schneiden sie trotzdem "
        "aus:",
    "{} export task started.": "{} Exportaufgabe gestartet.",
    "{} starts {} export tasks.": "{} startet {} Exportaufgaben.",
    "{} x {} ({})": "{} x {} ({})",
    "{} ROI": "{} ROI",
    "{} ROIs": "{} ROIs",
    "{} season": "{} Jahreszeit",
    "{} seasons": "{} Jahreszeiten",
    "{} ROI-season": "{} ROI-Jahreszeit",
    "{} ROI-seasons": "{} ROI-Jahreszeiten",
    "{} downloads {}, {} megapixels of each sensor; Plan download shows its compute.":
        "{} lädt {} herunter, {} Megapixel je Sensor; „Download planen“ zeigt die Rechenzeit.",
    "{} scene pair": "{} Szenenpaar",
    "{} scene pairs": "{} Szenenpaare",
    "The scene check rejects {} scene pair, so it was not extracted:":
        "Die Szenenprüfung lehnt {} Szenenpaar ab, daher wurde es nicht ausgeschnitten:",
    "The scene check rejects {} scene pairs, so they were not extracted:":
        "Die Szenenprüfung lehnt {} Szenenpaare ab, daher wurden sie nicht ausgeschnitten:",
    "Extract anyway": "Trotzdem ausschneiden",
    " every patch position has no-data in S1 or S2.": " jede Patch-Position hat NoData in S1 oder S2.",
    " the scene check rejects them.": " die Szenenprüfung lehnt sie ab.",
    "No patch pair was made from {}:": "Aus {} wurde kein Patchpaar erzeugt:",
    "{} from {} of {} in {}.": "{} aus {} von {} in {}.",
    "{} patch pair": "{} Patchpaar",
    "{} patch pairs": "{} Patchpaare",
    "{} scene {}": "{} Szene {}",
    "flagged patches first (all when none is flagged)": "markierte Patches zuerst (alle, wenn keiner markiert ist)",
    "all patches": "alle Patches",
    "Review:": "Prüfen:",
    "Move the checks' rejects without asking": "Ablehnungen der Prüfungen ohne Nachfrage verschieben",
    "SEN1-2: rejects nobody reviewed": "SEN1-2: ungeprüfte Ablehnungen",
    "The checks reject {} patch pair that nobody has reviewed. Move it to _rejected too?":
        "Die Prüfungen lehnen {} Patchpaar ab, das niemand geprüft hat. Es auch nach _rejected verschieben?",
    "The checks reject {} patch pairs that nobody has reviewed. Move them to _rejected too?":
        "Die Prüfungen lehnen {} Patchpaare ab, die niemand geprüft hat. Sie auch nach _rejected verschieben?",
    "Move them": "Verschieben",
    "Review them first": "Zuerst prüfen",
    "{} moved to _rejected": "{} nach _rejected verschoben",
    "{} ({} by your review, {} by the checks)": "{} ({} durch Ihre Prüfung, {} durch die Prüfungen)",
    "{} patch pair kept": "{} Patchpaar behalten",
    "{} patch pairs kept": "{} Patchpaare behalten",
    "{} brought back": "{} zurückgeholt",
    "Published: {}. Splits by {}: {}.": "Veröffentlicht: {}. Aufteilung nach {}: {}.",
    "{} index row skipped:": "{} Indexzeile übersprungen:",
    "{} index rows skipped:": "{} Indexzeilen übersprungen:",
    "Open the dataset card": "Datensatzkarte öffnen",
    "ROI {} added: {:.2f} x {:.2f} km on the 10 m grid of UTM zone {}, the box that covers what you drew.":
        "ROI {} hinzugefügt: {:.2f} x {:.2f} km auf dem 10-m-Gitter der UTM-Zone {}, das Rechteck, das Ihre Zeichnung "
        "abdeckt.",
    "{} ROI added": "{} ROI hinzugefügt",
    "{} ROIs added": "{} ROIs hinzugefügt",
    "{} from {}; {}:": "{} aus {}; {}:",
    "{} polygon refused": "{} Polygon abgelehnt",
    "{} polygons refused": "{} Polygone abgelehnt",
    "{} from {}.": "{} aus {}.",
    "{}, {} (overlap or outside Sentinel-2 coverage).": "{}, {} (Überlappung oder außerhalb der Sentinel-2-Abdeckung).",
    "{} ROI sampled": "{} ROI gezogen",
    "{} ROIs sampled": "{} ROIs gezogen",
    "{} dropped": "{} verworfen",
    "A download of the ROI layer now asks for {} scene pair.": "Ein Download des ROI-Layers fragt jetzt {} Szenenpaar an.",
    "A download of the ROI layer now asks for {} scene pairs.": "Ein Download des ROI-Layers fragt jetzt {} Szenenpaare an.",
    "{} scene pair loaded": "{} Szenenpaar geladen",
    "{} scene pairs loaded": "{} Szenenpaare geladen",
    "{} was already in the project": "{} war schon im Projekt",
    "{} were already in the project": "{} waren schon im Projekt",
    "{}; QGIS cannot read {}.": "{}; QGIS kann {} nicht lesen.",
    "both": "beide",
    "ASCENDING": "aufsteigend",
    "DESCENDING": "absteigend",
    "scene": "Szene",
    "roi": "ROI",
    "season": "Jahreszeit",
    "Allow S1/S2 dates far apart (over 30 days)": "S1/S2-Daten weit auseinander erlauben (über 30 Tage)",
    "Scene number (the ROI id; empty: from the scene record, else 0)":
        "Szenennummer (die ROI-ID; leer: aus der Szenenaufzeichnung, sonst 0)",
    "S1 band names in file order, e.g. VH,VV (empty: from the file; needed for two unnamed bands)":
        "S1-Bandnamen in Dateireihenfolge, z. B. VH,VV (leer: aus der Datei; nötig bei zwei unbenannten Bändern)",
    "Largest gap between the S1 and S2 acquisition dates (days)": "Größter Abstand zwischen den S1- und S2-Aufnahmedaten (Tage)",
    "Allow S1 and S2 dates further apart than that": "S1- und S2-Daten weiter auseinander erlauben",
    "S2 values (auto: from the data)": "S2-Werte (auto: aus den Daten)",
    "auto": "auto",
    "digital numbers": "Digitalwerte",
    "reflectance 0-1": "Reflexion 0-1",
    "ESA's +1000 offset of 2022 products (auto: from the date and the values)":
        "ESAs Offset von +1000 der Produkte ab 2022 (auto: aus Datum und Werten)",
    "subtract 1000": "1000 abziehen",
    "none": "keiner",
    "Reason:": "Grund:",
    "any reason": "jeder Grund",
    "{} ({} patches)": "{} ({} Patches)",
    "The task stopped without a reason; see the log panel (SEN1-2).":
        "Die Aufgabe hielt ohne Grund an; siehe Bedienfeld Protokollmeldungen (SEN1-2).",
    # sen12:fetch_scenes' help with the plan before the bulk (issue 18.3)
    "For every ROI and season: asks Earth Engine how many Sentinel-1 GRD (IW, VV) and Sentinel-2 L1C (cloud <= 1 %, "
    "B4 B3 B2) images match, drops ROIs without images (DROPPED, with the reason), and downloads the two mosaics "
    "(mosaic, clip, 10 m) on one pinned UTM grid as cloud-optimized GeoTIFFs: OUTPUT/ROIs{seed}_{season}/scenes/"
    "s1_{id}.tif (float32 dB, no-data -9999) and s2_{id}.tif (uint16, no-data 0). Tiled, parallel (CONCURRENCY "
    "requests at once), retried and resumable: a scene made from the same inputs is kept, one made from other "
    "inputs stops the run unless OVERWRITE is set. ROI ids must be unique; a row with a bad id, seed, season or "
    "shape is listed in DROPPED with the reason and the others go on. START_DATE and END_DATE (YYYY-MM-DD) replace "
    "the SEASONS by one custom date range. Before the bulk of the download the plan is logged and written to "
    "OUTPUT/plan.json (PLAN): scene pairs, requests, megabytes, the expected time at CONCURRENCY and the compute in "
    "EECU-hours, an estimate from Earth Engine's own computation profiles of the first requests, against the "
    "TIER's monthly quota. BUDGET_EECU_HOURS (0: none) stops the run with a sentence when the estimate, or the "
    "compute measured on the way, passes it; finished tiles are kept and a re-run resumes. With REQUEST_ONLY "
    "nothing is contacted: OUTPUT/requests.json holds the exact expression graph of every request, and "
    "OUTPUT/plan.json the plan as far as it is known without contact.":
        "Für jede ROI und Jahreszeit: fragt Earth Engine, wie viele Bilder von Sentinel-1 GRD (IW, VV) und "
        "Sentinel-2 L1C (Wolken <= 1 %, B4 B3 B2) passen, verwirft ROIs ohne Bilder (DROPPED, mit Grund) und lädt "
        "die beiden Mosaike (mosaic, clip, 10 m) auf einem festen UTM-Gitter als Cloud-optimierte GeoTIFFs herunter: "
        "OUTPUT/ROIs{seed}_{season}/scenes/s1_{id}.tif (float32 dB, NoData -9999) und s2_{id}.tif (uint16, NoData "
        "0). In Kacheln, parallel (CONCURRENCY Anfragen gleichzeitig), mit Wiederholungen und fortsetzbar: Eine aus "
        "denselben Eingaben entstandene Szene wird behalten, eine aus anderen Eingaben bricht den Lauf ab, außer "
        "OVERWRITE ist gesetzt. ROI-IDs müssen eindeutig sein; eine Zeile mit ungültiger ID, ungültigem Seed, "
        "ungültiger Jahreszeit oder Form wird mit Grund in DROPPED aufgeführt, die übrigen laufen weiter. START_DATE "
        "und END_DATE (JJJJ-MM-TT) ersetzen die SEASONS durch einen eigenen Zeitraum. Vor dem Hauptteil des Downloads "
        "wird der Plan protokolliert und nach OUTPUT/plan.json (PLAN) geschrieben: Szenenpaare, Anfragen, Megabyte, "
        "die erwartete Zeit bei CONCURRENCY und die Rechenzeit in EECU-Stunden, geschätzt aus den eigenen "
        "Berechnungsprofilen von Earth Engine für die ersten Anfragen, gemessen am Monatskontingent der TIER. "
        "BUDGET_EECU_HOURS (0: keins) hält den Lauf mit einer Meldung an, wenn die Schätzung oder die unterwegs "
        "gemessene Rechenzeit es überschreitet; fertige Kacheln bleiben erhalten, ein erneuter Lauf setzt fort. Mit "
        "REQUEST_ONLY wird nichts kontaktiert: OUTPUT/requests.json enthält den genauen Ausdrucksgraphen jeder "
        "Anfrage, OUTPUT/plan.json den Plan, soweit er ohne Kontakt bekannt ist.",
}
DE.update(DOCK_DE)

# Issue 23, findings 1 and 9: scene numbers in the pairing table, own scenes in bulk
NUMBERS_DE = {
    "Scene": "Szene",
    "S1 bands": "S1-Bänder",
    "S2 units": "S2-Einheiten",
    "The scene number in its dataset: the next free one, or the scene the same files made before (extracting "
    "resumes it).":
        "Die Szenennummer in ihrem Datensatz: die nächste freie, oder die Szene, die dieselben Dateien schon "
        "ergeben haben (das Ausschneiden setzt sie fort).",
    "The S1 file's bands in file order (e.g. VH,VV) when the file does not name them; empty: as the file says.":
        "Die Bänder der S1-Datei in Dateireihenfolge (z. B. VH,VV), wenn die Datei sie nicht benennt; leer: wie "
        "die Datei sagt.",
    "from the file": "aus der Datei",
    "reflectance 0..1": "Reflektanz 0..1",
    "choose a season first": "zuerst eine Jahreszeit wählen",
    "scene: {}; {}": "Szene: {}; {}",
    "refused, see below the table": "abgelehnt, siehe unter der Tabelle",
    # the checks' Processing parameters (issue 20), found by the same refresh
    "Snow share for review (above 1: never; snow is kept)": "Schneeanteil für Prüfung (über 1: nie; Schnee bleibt)",
    "Cloud shadow share for review": "Wolkenschattenanteil für Prüfung",
    "Cloud shadow share for reject": "Wolkenschattenanteil für Verwerfen",
    "S1/S2 offset for review (px)": "S1/S2-Versatz für Prüfung (px)",
    "Pick many files at once (Ctrl or Shift): rasters, zipped products, a product's MTD_MSIL*.xml; band files of "
    "one folder become one scene.":
        "Viele Dateien auf einmal wählen (Strg oder Umschalt): Raster, gezippte Produkte, die MTD_MSIL*.xml eines "
        "Produkts; Banddateien eines Ordners werden eine Szene.",
    "Add scenes from a folder…": "Szenen aus einem Ordner hinzufügen…",
    "A Sentinel-2 product or band folder, or a folder above them: every product, band folder and raster under it "
    "is added at once.":
        "Ein Sentinel-2-Produkt oder Bandordner, oder ein Ordner darüber: jedes Produkt, jeder Bandordner und jedes "
        "Raster darunter wird auf einmal hinzugefügt.",
    "A product, a band folder, or a folder above many of them": "Ein Produkt, ein Bandordner oder ein Ordner über vielen davon",
    "Scene number (the ROI id; empty: from the scene record, else the scene the same inputs made, else the "
    "dataset's next free number)":
        "Szenennummer (die ROI-ID; leer: aus der Szenenaufzeichnung, sonst die Szene, die dieselben Eingaben "
        "ergeben haben, sonst die nächste freie Nummer des Datensatzes)",
}
DE.update(NUMBERS_DE)


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
