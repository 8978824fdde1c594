<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1">
<context>
    <name>@default</name>
    <message>
        <location filename="../sen12_plugin/processing/provider.py" line="20" />
        <source>SEN1-2 Patch Builder</source>
        <translation>SEN1-2 Patch Builder</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/sections/rois.py" line="23" />
        <source>1. ROIs</source>
        <translation>1. ROIs</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/sections/rois.py" line="31" />
        <source>Draw rectangle</source>
        <translation>Rechteck zeichnen</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/sections/rois.py" line="31" />
        <source>Draw polygon</source>
        <translation>Polygon zeichnen</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/sections/rois.py" line="35" />
        <source>Size while drawing:</source>
        <translation>Größe beim Zeichnen:</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/sections/rois.py" line="38" />
        <source>Layer:</source>
        <translation>Layer:</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/sections/rois.py" line="39" />
        <source>Add selected features as ROIs</source>
        <translation>Ausgewählte Objekte als ROIs übernehmen</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/sections/rois.py" line="41" />
        <source>Seeds:</source>
        <translation>Seeds:</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/sections/rois.py" line="46" />
        <source>land</source>
        <translation>Land</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/sections/rois.py" line="46" />
        <source>urban</source>
        <translation>Stadt</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/sections/rois.py" line="46" />
        <source>Per seed:</source>
        <translation>Pro Seed:</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/sections/rois.py" line="48" />
        <source>Sample seeded ROIs</source>
        <translation>ROIs mit Seeds ziehen</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/sections/season.py" line="21" />
        <source>2. Season and sensors</source>
        <translation>2. Jahreszeit und Sensoren</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/sections/season.py" line="24" />
        <source>Year (paper: 2017):</source>
        <translation>Jahr (Paper: 2017):</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/sections/season.py" line="28" />
        <source>Seasons:</source>
        <translation>Jahreszeiten:</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/sections/season.py" line="38" />
        <source>S1 VV and VH</source>
        <translation>S1 VV und VH</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/sections/season.py" line="39" />
        <source>All 13 S2 bands</source>
        <translation>Alle 13 S2-Bänder</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/sections/season.py" line="48" />
        <source>S2 level:</source>
        <translation>S2-Level:</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/sections/season.py" line="49" />
        <source>Max. cloud:</source>
        <translation>Max. Bewölkung:</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/sections/season.py" line="50" />
        <source>S1 orbit:</source>
        <translation>S1-Orbit:</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/sections/earthengine.py" line="26" />
        <source>3. Earth Engine</source>
        <translation>3. Earth Engine</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/sections/earthengine.py" line="30" />
        <source>Cloud project id</source>
        <translation>Cloud-Projekt-ID</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/sections/earthengine.py" line="31" />
        <source>Project:</source>
        <translation>Projekt:</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/sections/earthengine.py" line="34" />
        <source>Service-account key:</source>
        <translation>Dienstkonto-Schlüssel:</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/sections/earthengine.py" line="74" />
        <source>Not signed in</source>
        <translation>Nicht angemeldet</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/sections/earthengine.py" line="38" />
        <source>Sign in</source>
        <translation>Anmelden</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/sections/earthengine.py" line="47" />
        <source>Check availability</source>
        <translation>Verfügbarkeit prüfen</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/sections/earthengine.py" line="47" />
        <source>Preview</source>
        <translation>Vorschau</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/sections/earthengine.py" line="47" />
        <source>Download</source>
        <translation>Herunterladen</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/sections/earthengine.py" line="52" />
        <source>Batch export</source>
        <translation>Batch-Export</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/sections/earthengine.py" line="52" />
        <source>Refresh tasks</source>
        <translation>Aufgaben aktualisieren</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/sections/earthengine.py" line="55" />
        <source>Task</source>
        <translation>Aufgabe</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/sections/earthengine.py" line="55" />
        <source>Description</source>
        <translation>Beschreibung</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/sections/earthengine.py" line="55" />
        <source>State</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/sections/scenes.py" line="18" />
        <source>4. Scenes</source>
        <translation>4. Szenen</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/sections/scenes.py" line="19" />
        <source>Load scenes from folder</source>
        <translation>Szenen aus Ordner laden</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/sections/extract.py" line="52" />
        <source>5. Extract patches</source>
        <translation>5. Patches ausschneiden</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/sections/extract.py" line="55" />
        <source>Dataset name (drawn ROIs):</source>
        <translation>Datensatzname (gezeichnete ROIs):</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/sections/extract.py" line="58" />
        <source>Formats:</source>
        <translation>Formate:</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/sections/extract.py" line="61" />
        <source>stride</source>
        <translation>Schrittweite</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/sections/extract.py" line="61" />
        <source>Patch size:</source>
        <translation>Patchgröße:</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/sections/extract.py" line="87" />
        <source>Extract from visible scene pairs</source>
        <translation>Aus sichtbaren Szenenpaaren ausschneiden</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/sections/rois.py" line="90" />
        <source>Pick a polygon layer: ROIs are polygons.</source>
        <translation>Einen Polygon-Layer wählen: ROIs sind Polygone.</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/sections/rois.py" line="94" />
        <source>Select one or more polygons in {} first.</source>
        <translation>Zuerst ein oder mehrere Polygone in {} auswählen.</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/sections/rois.py" line="148" />
        <source>Sampling SEN1-2 ROIs</source>
        <translation>SEN1-2-ROIs werden gezogen</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/sections/earthengine.py" line="112" />
        <source>Signed in, project {}</source>
        <translation>Angemeldet, Projekt {}</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/sections/earthengine.py" line="113" />
        <source>Signed in to Earth Engine (project {}).</source>
        <translation>Bei Earth Engine angemeldet (Projekt {}).</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/sections/earthengine.py" line="116" />
        <source>Signing in to Earth Engine</source>
        <translation>Anmeldung bei Earth Engine</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/sections/earthengine.py" line="164" />
        <source>Checking Earth Engine availability</source>
        <translation>Earth-Engine-Verfügbarkeit wird geprüft</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/sections/earthengine.py" line="171" />
        <source>Preparing Earth Engine previews</source>
        <translation>Earth-Engine-Vorschau wird vorbereitet</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/sections/earthengine.py" line="201" />
        <source>Downloading SEN1-2 scenes</source>
        <translation>SEN1-2-Szenen werden heruntergeladen</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/sections/earthengine.py" line="264" />
        <source>Starting Earth Engine exports</source>
        <translation>Earth-Engine-Exporte werden gestartet</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/sections/earthengine.py" line="260" />
        <source>{} export tasks started.</source>
        <translation>{} Exportaufgaben gestartet.</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/sections/earthengine.py" line="281" />
        <source>Refreshing Earth Engine tasks</source>
        <translation>Earth-Engine-Aufgaben werden aktualisiert</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/sections/scenes.py" line="40" />
        <source>Choose the folder that holds the scenes.</source>
        <translation>Den Ordner mit den Szenen wählen.</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/sections/scenes.py" line="44" />
        <source>No scene pairs (s1_N.tif with s2_N.tif) under {}.</source>
        <translation>Keine Szenenpaare (s1_N.tif mit s2_N.tif) unter {}.</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/sections/extract.py" line="150" />
        <source>No visible scene pair: show the S1 and S2 layers of at least one ROI.</source>
        <translation>Kein sichtbares Szenenpaar: die S1- und S2-Layer mindestens einer ROI einblenden.</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/sections/extract.py" line="106" />
        <source>Tick PNG and/or GeoTIFF.</source>
        <translation>PNG und/oder GeoTIFF ankreuzen.</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/processing/extract_patches.py" line="176" />
        <source>Patch index</source>
        <translation>Patch-Index</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/sections/extract.py" line="172" />
        <source>Extracting SEN1-2 patches</source>
        <translation>SEN1-2-Patches werden ausgeschnitten</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/plugin.py" line="57" />
        <source>Sample SEN1-2 ROIs…</source>
        <translation>SEN1-2-ROIs ziehen…</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/plugin.py" line="57" />
        <source>Fetch SEN1-2 scenes…</source>
        <translation>SEN1-2-Szenen holen…</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/plugin.py" line="57" />
        <source>Extract SEN1-2 patches…</source>
        <translation>SEN1-2-Patches ausschneiden…</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/processing/base.py" line="19" />
        <source>SEN1-2</source>
        <translation>SEN1-2</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/processing/earthengine_base.py" line="33" />
        <source>ROIs (a 'season' field wins over SEASONS)</source>
        <translation>ROIs (ein Feld „season“ hat Vorrang vor SEASONS)</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/processing/sample_rois.py" line="70" />
        <source>Year of the seasons (2017: the paper's)</source>
        <translation>Jahr der Jahreszeiten (2017: wie im Paper)</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/processing/earthengine_base.py" line="38" />
        <source>Seasons</source>
        <translation>Jahreszeiten</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/processing/earthengine_base.py" line="46" />
        <source>Sentinel-1 VV and VH</source>
        <translation>Sentinel-1 VV und VH</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/processing/earthengine_base.py" line="47" />
        <source>All 13 Sentinel-2 bands</source>
        <translation>Alle 13 Sentinel-2-Bänder</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/processing/earthengine_base.py" line="48" />
        <source>Sentinel-2 level</source>
        <translation>Sentinel-2-Level</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/processing/earthengine_base.py" line="49" />
        <source>Maximum cloud cover of a Sentinel-2 image (%)</source>
        <translation>Maximale Bewölkung eines Sentinel-2-Bildes (%)</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/processing/earthengine_base.py" line="52" />
        <source>Sentinel-1 orbit</source>
        <translation>Sentinel-1-Orbit</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/processing/export_scenes.py" line="94" />
        <source>Earth Engine Cloud project (empty: the plugin's setting)</source>
        <translation>Earth-Engine-Cloud-Projekt (leer: Einstellung des Plugins)</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/processing/export_scenes.py" line="96" />
        <source>Service-account key file (optional)</source>
        <translation>Dienstkonto-Schlüsseldatei (optional)</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/processing/extract_patches.py" line="166" />
        <source>Memory for the decoded scene (MB; above it, a scratch file inside the output folder)</source>
        <translation>Arbeitsspeicher für die dekodierte Szene (MB; darüber eine Zwischendatei im Ausgabeordner)</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/processing/extract_patches.py" line="108" />
        <source>Dataset name for ROIs without a seed</source>
        <translation>Datensatzname für ROIs ohne Seed</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/processing/export_scenes.py" line="46" />
        <source>Export SEN1-2 scenes (Earth Engine batch tasks)</source>
        <translation>SEN1-2-Szenen exportieren (Earth-Engine-Batch-Aufgaben)</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/processing/export_scenes.py" line="49" />
        <source>Starts Export.image.toDrive (or toCloudStorage) tasks for the S1 and S2 mosaic of every ROI and season, on the same pinned grid as downloads, for runs too big to download interactively. Follow them with 'Earth Engine export status'; put the finished GeoTIFFs into a folder and extract patches from them.</source>
        <translation>Startet Aufgaben mit Export.image.toDrive (oder toCloudStorage) für das S1- und S2-Mosaik jeder ROI und Jahreszeit, auf demselben festen Gitter wie die Downloads, für Läufe, die zu groß zum interaktiven Herunterladen sind. Mit „Earth-Engine-Exportstatus“ verfolgen; die fertigen GeoTIFFs in einen Ordner legen und daraus Patches ausschneiden.</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/processing/export_scenes.py" line="58" />
        <source>Destination</source>
        <translation>Ziel</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/processing/export_scenes.py" line="60" />
        <source>Drive folder</source>
        <translation>Drive-Ordner</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/processing/export_scenes.py" line="61" />
        <source>Cloud Storage bucket</source>
        <translation>Cloud-Storage-Bucket</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/processing/export_scenes.py" line="62" />
        <source>Started tasks</source>
        <translation>Gestartete Aufgaben</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/processing/export_scenes.py" line="87" />
        <source>Earth Engine export status</source>
        <translation>Earth-Engine-Exportstatus</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/processing/export_scenes.py" line="99" />
        <source>Tasks</source>
        <translation>Aufgaben</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/processing/extract_patches.py" line="55" />
        <source>Extract SEN1-2 patch pairs</source>
        <translation>SEN1-2-Patchpaare ausschneiden</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/processing/extract_patches.py" line="89" />
        <source>Sentinel-1 scene (VV, dB)</source>
        <translation>Sentinel-1-Szene (VV, dB)</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/processing/fetch_scenes.py" line="84" />
        <source>Output folder</source>
        <translation>Ausgabeordner</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/processing/extract_patches.py" line="93" />
        <source>Patch size (px)</source>
        <translation>Patchgröße (px)</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/processing/extract_patches.py" line="96" />
        <source>Stride (px)</source>
        <translation>Schrittweite (px)</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/processing/extract_patches.py" line="99" />
        <source>Seed of the ROI (empty for drawn ROIs)</source>
        <translation>Seed der ROI (leer bei gezeichneten ROIs)</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/processing/extract_patches.py" line="111" />
        <source>Formats</source>
        <translation>Formate</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/processing/extract_patches.py" line="114" />
        <source>Contrast stretch</source>
        <translation>Kontraststreckung</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/processing/extract_patches.py" line="209" />
        <source>Choose a Sentinel-1 and a Sentinel-2 raster layer.</source>
        <translation>Einen Sentinel-1- und einen Sentinel-2-Rasterlayer wählen.</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/processing/extract_patches.py" line="259" />
        <source>{dataset}, scene {scene}: {kept} patch pairs ({written} written, {skipped} already there), {dropped} dropped for no-data, of {total} grid positions. Index: {index}</source>
        <translation>{dataset}, Szene {scene}: {kept} Patchpaare ({written} geschrieben, {skipped} schon vorhanden), {dropped} wegen NoData verworfen, von {total} Gitterpositionen. Index: {index}</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/processing/fetch_scenes.py" line="50" />
        <source>Fetch SEN1-2 scenes from Earth Engine</source>
        <translation>SEN1-2-Szenen aus Earth Engine holen</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/processing/fetch_scenes.py" line="82" />
        <source>Only write the requests (requests.json), contact nothing</source>
        <translation>Nur die Anfragen schreiben (requests.json), nichts kontaktieren</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/processing/sample_rois.py" line="82" />
        <source>Dropped ROIs (with reason)</source>
        <translation>Verworfene ROIs (mit Grund)</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/processing/fetch_scenes.py" line="94" />
        <source>Scene pairs on disk</source>
        <translation>Szenenpaare auf der Festplatte</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/processing/fetch_scenes.py" line="95" />
        <source>requests.json</source>
        <translation>requests.json</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/processing/fetch_scenes.py" line="132" />
        <source>Wrote {} requests to {} (nothing was contacted).</source>
        <translation>{} Anfragen in {} geschrieben (nichts wurde kontaktiert).</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/processing/fetch_scenes.py" line="149" />
        <source>{} scene pairs on disk, {} ROI-seasons dropped.</source>
        <translation>{} Szenenpaare auf der Festplatte, {} ROI-Jahreszeiten verworfen.</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/processing/preview_mosaics.py" line="24" />
        <source>Preview SEN1-2 mosaics (Earth Engine tiles)</source>
        <translation>SEN1-2-Mosaike ansehen (Earth-Engine-Kacheln)</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/processing/preview_mosaics.py" line="27" />
        <source>Adds the Sentinel-1 and Sentinel-2 mosaic of every ROI and season as Earth Engine map tiles, styled like the recipe: S1 grey -25..0 dB, S2 B4 B3 B2 0..10000, or with STRETCH the recipe's 2-98 % stretch computed by Earth Engine. Nothing is downloaded.</source>
        <translation>Fügt das Sentinel-1- und Sentinel-2-Mosaik jeder ROI und Jahreszeit als Earth-Engine-Kartenkacheln hinzu, dargestellt wie im Rezept: S1 grau -25..0 dB, S2 B4 B3 B2 0..10000, oder mit STRETCH mit der 2-98-%-Streckung des Rezepts, von Earth Engine berechnet. Es wird nichts heruntergeladen.</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/processing/preview_mosaics.py" line="35" />
        <source>Per-scene 2-98 % stretch (one more request per mosaic)</source>
        <translation>Streckung 2-98 % pro Szene (eine zusätzliche Anfrage pro Mosaik)</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/processing/preview_mosaics.py" line="37" />
        <source>Preview layers</source>
        <translation>Vorschau-Layer</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/processing/sample_rois.py" line="46" />
        <source>Sample ROIs (SEN1-2 seeds)</source>
        <translation>ROIs ziehen (SEN1-2-Seeds)</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/processing/sample_rois.py" line="49" />
        <source>Samples ROIs as the SEN1-2 paper did: per seed, random points (uniform by area) over land masses and over urban areas, a square around each, one season per seed (1158 spring, 1868 summer, 1970 fall, 2017 winter). ROIs outside Sentinel-2 coverage (56°S-84°N) or overlapping an earlier ROI are dropped; the DROPPED output lists them with the reason. Same seeds, same ROIs, on every machine.</source>
        <translation>Zieht ROIs wie im SEN1-2-Paper: pro Seed Zufallspunkte (flächenmäßig gleichverteilt) über Landmassen und über Stadtgebieten, um jeden Punkt ein Quadrat, eine Jahreszeit pro Seed (1158 Frühling, 1868 Sommer, 1970 Herbst, 2017 Winter). ROIs außerhalb der Sentinel-2-Abdeckung (56°S-84°N) oder mit Überlappung zu einer früheren ROI werden verworfen; die Ausgabe DROPPED listet sie mit Grund auf. Gleiche Seeds, gleiche ROIs, auf jedem Rechner.</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/processing/sample_rois.py" line="58" />
        <source>Seeds (comma-separated)</source>
        <translation>Seeds (durch Kommas getrennt)</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/processing/sample_rois.py" line="61" />
        <source>Points over land per seed</source>
        <translation>Punkte über Land pro Seed</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/processing/sample_rois.py" line="64" />
        <source>Points over urban areas per seed</source>
        <translation>Punkte über Stadtgebieten pro Seed</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/processing/sample_rois.py" line="67" />
        <source>ROI size (km)</source>
        <translation>ROI-Größe (km)</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/processing/sample_rois.py" line="73" />
        <source>Land mask (default: Natural Earth 1:50m land)</source>
        <translation>Landmaske (Standard: Natural Earth 1:50m land)</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/processing/sample_rois.py" line="76" />
        <source>Urban areas (polygons or city points; default: Natural Earth cities)</source>
        <translation>Stadtgebiete (Polygone oder Stadtpunkte; Standard: Natural Earth cities)</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/processing/sample_rois.py" line="80" />
        <source>ROIs</source>
        <translation>ROIs</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/processing/sample_rois.py" line="90" />
        <source>Land mask: {}</source>
        <translation>Landmaske: {}</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/processing/sample_rois.py" line="111" />
        <source>Dropped ROI {} of seed {}: {}</source>
        <translation>ROI {} von Seed {} verworfen: {}</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/processing/sample_rois.py" line="118" />
        <source>{} ROIs kept, {} dropped.</source>
        <translation>{} ROIs behalten, {} verworfen.</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/sections/review.py" line="35" />
        <source>6. Review and publish</source>
        <translation>6. Prüfen und veröffentlichen</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/sections/review.py" line="39" />
        <source>Patch index:</source>
        <translation>Patch-Index:</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/sections/review.py" line="68" />
        <source>Start review</source>
        <translation>Prüfung starten</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/sections/review.py" line="68" />
        <source>Stop</source>
        <translation>Beenden</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/sections/review.py" line="73" />
        <source>Split by:</source>
        <translation>Aufteilen nach:</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/sections/review.py" line="77" />
        <source>Apply decisions, make splits, write the dataset card</source>
        <translation>Entscheidungen anwenden, Aufteilung erstellen, Datensatzkarte schreiben</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/sections/review.py" line="163" />
        <source>Choose the patch index layer (extract patches first).</source>
        <translation>Den Patch-Index-Layer wählen (zuerst Patches ausschneiden).</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/sections/review.py" line="182" />
        <source>Publishing the SEN1-2 dataset</source>
        <translation>SEN1-2-Datensatz wird veröffentlicht</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/review.py" line="57" />
        <source>{} is not a patch index (no qc_status / decision fields).</source>
        <translation>{} ist kein Patch-Index (keine Felder qc_status / decision).</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/review.py" line="103" />
        <source>Nothing to review.</source>
        <translation>Nichts zu prüfen.</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/review.py" line="119" />
        <source>{}/{}: {} scene {} p{} - {} {}{}</source>
        <translation>{}/{}: {} Szene {} p{} - {} {}{}</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/review.py" line="119" />
        <source> - decided: {}</source>
        <translation> - entschieden: {}</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/review.py" line="172" />
        <source>Cannot write the decision into {}.</source>
        <translation>Die Entscheidung kann nicht in {} geschrieben werden.</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/processing/extract_patches.py" line="116" />
        <source>Quality checks (scene and patches; results in the index)</source>
        <translation>Qualitätsprüfungen (Szene und Patches; Ergebnisse im Index)</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/processing/extract_patches.py" line="258" />
        <source>Scene check: {} {}</source>
        <translation>Szenenprüfung: {} {}</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/processing/quality_algorithms.py" line="38" />
        <source>{} is not a folder.</source>
        <translation>{} ist kein Ordner.</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/processing/quality_algorithms.py" line="49" />
        <source>Check SEN1-2 scenes (no-data, cloud, colour, seamlines)</source>
        <translation>SEN1-2-Szenen prüfen (NoData, Wolken, Farbe, Nahtlinien)</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/processing/quality_algorithms.py" line="57" />
        <source>Folder with scenes</source>
        <translation>Ordner mit Szenen</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/processing/quality_algorithms.py" line="58" />
        <source>Scene checks</source>
        <translation>Szenenprüfungen</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/processing/quality_algorithms.py" line="83" />
        <source>Apply review decisions to the dataset folders</source>
        <translation>Prüfentscheidungen auf die Datensatzordner anwenden</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/processing/quality_algorithms.py" line="86" />
        <source>Moves the files of rejected patch pairs (the analyst's decision, else the automatic check) to OUTPUT/_rejected/ and brings back pairs accepted again. Nothing is deleted.</source>
        <translation>Verschiebt die Dateien verworfener Patchpaare (nach der Entscheidung des Analysten, sonst nach der automatischen Prüfung) nach OUTPUT/_rejected/ und holt wieder angenommene Paare zurück. Es wird nichts gelöscht.</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/processing/quality_algorithms.py" line="160" />
        <source>Dataset folder (with patch_index.gpkg)</source>
        <translation>Datensatzordner (mit patch_index.gpkg)</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/processing/quality_algorithms.py" line="111" />
        <source>Make train / validation / test splits</source>
        <translation>Trainings-/Validierungs-/Testaufteilung erstellen</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/processing/quality_algorithms.py" line="114" />
        <source>Deterministic splits of the accepted patch pairs by scene, ROI or season (a group never spans two splits), written to OUTPUT/splits/{by}/train.txt, val.txt and test.txt.</source>
        <translation>Deterministische Aufteilung der angenommenen Patchpaare nach Szene, ROI oder Jahreszeit (eine Gruppe liegt nie in zwei Teilen), geschrieben nach OUTPUT/splits/{by}/train.txt, val.txt und test.txt.</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/processing/quality_algorithms.py" line="119" />
        <source>Split by</source>
        <translation>Aufteilen nach</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/processing/quality_algorithms.py" line="120" />
        <source>Training share</source>
        <translation>Trainingsanteil</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/processing/quality_algorithms.py" line="122" />
        <source>Validation share</source>
        <translation>Validierungsanteil</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/processing/quality_algorithms.py" line="124" />
        <source>Seed</source>
        <translation>Seed</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/processing/quality_algorithms.py" line="129" />
        <source>Training list</source>
        <translation>Trainingsliste</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/processing/quality_algorithms.py" line="141" />
        <source>Split by {}: {}</source>
        <translation>Aufteilung nach {}: {}</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/processing/quality_algorithms.py" line="152" />
        <source>Write the dataset card</source>
        <translation>Datensatzkarte schreiben</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/processing/quality_algorithms.py" line="155" />
        <source>Writes dataset_card.json and dataset_card.md: recipe ({}), collections, Earth Engine image ids, dates, ROIs, counts before and after each check, thresholds, tool version and the Copernicus attribution.</source>
        <translation>Schreibt dataset_card.json und dataset_card.md: Rezept ({}), Collections, Earth-Engine-Bild-IDs, Aufnahmedaten, ROIs, Anzahlen vor und nach jeder Prüfung, Schwellenwerte, Werkzeugversion und die Copernicus-Quellenangabe.</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/processing/quality_algorithms.py" line="161" />
        <source>Dataset card (Markdown)</source>
        <translation>Datensatzkarte (Markdown)</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/layers.py" line="214" />
        <source>{} {}: only {} is visible; show its {} twin to extract it</source>
        <translation>{} {}: nur {} ist sichtbar; das zugehörige {} zum Ausschneiden einblenden</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/own_scenes.py" line="54" />
        <source>{}: QGIS cannot show it</source>
        <translation>{}: QGIS kann es nicht anzeigen</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/own_scenes.py" line="78" />
        <source>No S1/S2 pair among the visible layers. {}</source>
        <translation>Kein S1/S2-Paar unter den sichtbaren Layern. {}</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/own_scenes.py" line="105" />
        <source>Extracting SEN1-2 patches from your scenes</source>
        <translation>SEN1-2-Patches werden aus den eigenen Szenen ausgeschnitten</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/own_scenes.py" line="130" />
        <source>OpenStreetMap added. Sign in to Earth Engine to add the season's Sentinel-2 mosaic too.</source>
        <translation>OpenStreetMap hinzugefügt. Bei Earth Engine anmelden, um auch das Sentinel-2-Mosaik der Jahreszeit hinzuzufügen.</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/own_scenes.py" line="147" />
        <source>S2 {} {} mosaic (Earth Engine preview)</source>
        <translation>S2-Mosaik {} {} (Earth-Engine-Vorschau)</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/own_scenes.py" line="152" />
        <source>OpenStreetMap and the {} Sentinel-2 mosaic around the view added.</source>
        <translation>OpenStreetMap und das Sentinel-2-Mosaik {} rund um die Ansicht hinzugefügt.</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/own_scenes.py" line="154" />
        <source>Preparing the Sentinel-2 base map</source>
        <translation>Sentinel-2-Grundkarte wird vorbereitet</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/pairing.py" line="86" />
        <source>scene loaded by this plugin</source>
        <translation>von diesem Plugin geladene Szene</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/pairing.py" line="96" />
        <source>web tiles or a service, not a file</source>
        <translation>Web-Kacheln oder ein Dienst, keine Datei</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/pairing.py" line="127" />
        <source>SEN1-2: scene pairs to extract</source>
        <translation>SEN1-2: auszuschneidende Szenenpaare</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/pairing.py" line="135" />
        <source>Visible raster layers (change a role if it was guessed wrong):</source>
        <translation>Sichtbare Rasterlayer (eine Rolle ändern, wenn sie falsch erkannt wurde):</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/pairing.py" line="138" />
        <source>Layer</source>
        <translation>Layer</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/pairing.py" line="138" />
        <source>Role</source>
        <translation>Rolle</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/pairing.py" line="138" />
        <source>Date</source>
        <translation>Datum</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/pairing.py" line="138" />
        <source>Why</source>
        <translation>Grund</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/pairing.py" line="140" />
        <source>Proposed pairs (by footprint overlap and date):</source>
        <translation>Vorgeschlagene Paare (nach Überlappung der Footprints und nach Datum):</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/pairing.py" line="143" />
        <source>Extract</source>
        <translation>Ausschneiden</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/pairing.py" line="143" />
        <source>S1</source>
        <translation>S1</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/pairing.py" line="143" />
        <source>S2</source>
        <translation>S2</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/pairing.py" line="143" />
        <source>Season</source>
        <translation>Jahreszeit</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/pairing.py" line="143" />
        <source>Dataset name</source>
        <translation>Datensatzname</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/pairing.py" line="143" />
        <source>Match</source>
        <translation>Übereinstimmung</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/pairing.py" line="211" />
        <source>set by you</source>
        <translation>manuell gesetzt</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/pairing.py" line="273" />
        <source>Not used: {}</source>
        <translation>Nicht verwendet: {}</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/pairing.py" line="346" />
        <source>Tick at least one pair.</source>
        <translation>Mindestens ein Paar ankreuzen.</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/pairing.py" line="349" />
        <source>Choose a season for the pair with S2 {}: no date is known.</source>
        <translation>Eine Jahreszeit für das Paar mit S2 {} wählen: kein Datum bekannt.</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/pairing.py" line="352" />
        <source>Give a dataset name for the pair with S2 {}.</source>
        <translation>Einen Datensatznamen für das Paar mit S2 {} angeben.</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/pairing.py" line="354" />
        <source>A scene is in two ticked pairs: each S2 scene pairs once.</source>
        <translation>Eine Szene steckt in zwei angekreuzten Paaren: Jede S2-Szene bildet nur ein Paar.</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/roi_layer.py" line="56" />
        <source>Cannot create the ROI layer {}: {}</source>
        <translation>Der ROI-Layer {} kann nicht angelegt werden: {}</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/roi_layer.py" line="60" />
        <source>Cannot open the ROI layer {}.</source>
        <translation>Der ROI-Layer {} kann nicht geöffnet werden.</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/roi_layer.py" line="86" />
        <source>Cannot add ROIs to {}: is the layer read-only?</source>
        <translation>ROIs können nicht zu {} hinzugefügt werden: ist der Layer schreibgeschützt?</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/sections/earthengine.py" line="98" />
        <source>ROI rows left out: {}</source>
        <translation>Ausgelassene ROI-Zeilen: {}</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/sections/earthengine.py" line="101" />
        <source>No ROI row can be requested; see the reasons above.</source>
        <translation>Keine ROI-Zeile kann angefragt werden; siehe die Gründe oben.</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/sections/extract.py" line="83" />
        <source>Replace scenes made from other inputs or settings</source>
        <translation>Szenen ersetzen, die aus anderen Eingaben oder Einstellungen entstanden sind</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/sections/rois.py" line="33" />
        <source>Add a base map (OpenStreetMap; S2 mosaic when signed in)</source>
        <translation>Grundkarte hinzufügen (OpenStreetMap; S2-Mosaik nach Anmeldung)</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/sections/scenes.py" line="26" />
        <source>Your own scenes:</source>
        <translation>Eigene Szenen:</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/sections/scenes.py" line="20" />
        <source>Add own scene files…</source>
        <translation>Eigene Szenendateien hinzufügen…</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/sections/scenes.py" line="60" />
        <source>Sentinel-1/-2 rasters or products</source>
        <translation>Sentinel-1/-2-Raster oder -Produkte</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/sections/scenes.py" line="60" />
        <source>Rasters and products (*.tif *.tiff *.jp2 *.vrt *.zip *.xml);;All (*)</source>
        <translation>Raster und Produkte (*.tif *.tiff *.jp2 *.vrt *.zip *.xml);;Alle (*)</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/sections/season.py" line="29" />
        <source>Custom dates instead:</source>
        <translation>Stattdessen eigener Zeitraum:</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/qgis_support.py" line="234" />
        <source>The task was cancelled; finished outputs are kept.</source>
        <translation>Die Aufgabe wurde abgebrochen; fertige Ergebnisse bleiben erhalten.</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/processing/earthengine_base.py" line="41" />
        <source>Custom dates instead of SEASONS: first day (YYYY-MM-DD)</source>
        <translation>Eigener Zeitraum statt SEASONS: erster Tag (JJJJ-MM-TT)</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/processing/earthengine_base.py" line="41" />
        <source>Custom dates: last day (YYYY-MM-DD)</source>
        <translation>Eigener Zeitraum: letzter Tag (JJJJ-MM-TT)</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/processing/earthengine_base.py" line="101" />
        <source>Parallel Earth Engine requests (the project's limit is 40 by default)</source>
        <translation>Parallele Earth-Engine-Anfragen (das Limit des Projekts liegt standardmäßig bei 40)</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/processing/earthengine_base.py" line="108" />
        <source>Longest wait for one Earth Engine answer, in seconds (below its 5 minutes)</source>
        <translation>Längste Wartezeit auf eine Earth-Engine-Antwort, in Sekunden (unter ihren 5 Minuten)</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/processing/earthengine_base.py" line="113" />
        <source>Replace scenes in OUTPUT that were made from other inputs</source>
        <translation>Szenen in OUTPUT ersetzen, die aus anderen Eingaben entstanden sind</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/processing/extract_patches.py" line="58" />
        <source>Cuts a co-registered Sentinel-1 (VV, dB) / Sentinel-2 (B4, B3, B2) scene pair into patch pairs as in SEN1-2: S1 clipped to -25..0 dB, S2 to 0..10000, both scaled to 8 bit and stretched per band (2-98 percentile over the scene), 256 x 256 px at stride 128; patches with any no-data pixel are dropped. Writes ROIs{seed}_{season}/s1_{scene}/..._p{n}.png and the s2_ twins (GeoTIFF patches with the original values on request) and OUTPUT/patch_index.gpkg. If the grids differ, S1 is resampled onto the S2 grid. S2 may also be a Sentinel-2 SAFE folder or .zip, or a folder of per-band files (*_B04, *_B03, *_B02); SEASON may stay empty when a scene's date is known (metadata, file name or scene JSON). The log says what was recognised.

Inputs are checked: S2 bands B4, B3, B2 are found by their names, else by the Sentinel-2 band order of a 13-, 12-, 4- (B2 B3 B4 B8) or 3-band (B4 B3 B2) file, else give S2_BANDS (e.g. 4,3,2). S1 must be float dB: linear power is converted to dB with a warning, integer S1 is refused.

Resume: each scene records its sources and settings. A re-run with the same ones skips finished patch pairs; with others it stops, unless OVERWRITE is on, which removes that scene's old patches and index rows (and their review decisions) first. Two extractions into one folder at once: the second stops.</source>
        <translation>Schneidet ein koregistriertes Szenenpaar aus Sentinel-1 (VV, dB) / Sentinel-2 (B4, B3, B2) wie in SEN1-2 in Patchpaare: S1 auf -25..0 dB begrenzt, S2 auf 0..10000, beide auf 8 Bit skaliert und pro Band gestreckt (2-98-Perzentil über die Szene), 256 x 256 px mit Schrittweite 128; Patches mit auch nur einem NoData-Pixel werden verworfen. Schreibt ROIs{seed}_{season}/s1_{scene}/..._p{n}.png und die s2_-Gegenstücke (auf Wunsch GeoTIFF-Patches mit den Originalwerten) sowie OUTPUT/patch_index.gpkg. Wenn die Gitter verschieden sind, wird S1 auf das S2-Gitter umgerechnet (Resampling). S2 kann auch ein Sentinel-2-SAFE-Ordner oder eine .zip-Datei sein oder ein Ordner mit Dateien je Band (*_B04, *_B03, *_B02); SEASON darf leer bleiben, wenn das Datum einer Szene bekannt ist (Metadaten, Dateiname oder Szenen-JSON). Das Protokoll zeigt, was erkannt wurde.

Eingaben werden geprüft: Die S2-Bänder B4, B3, B2 werden über ihre Namen gefunden, sonst über die Sentinel-2-Bandreihenfolge einer Datei mit 13, 12, 4 (B2 B3 B4 B8) oder 3 Bändern (B4 B3 B2), sonst S2_BANDS angeben (z. B. 4,3,2). S1 muss als Gleitkommazahl in dB vorliegen: Lineare Leistung wird mit einer Warnung in dB umgerechnet, ganzzahliges S1 wird abgelehnt.

Fortsetzen: Jede Szene hält ihre Quellen und Einstellungen fest. Ein erneuter Lauf mit denselben überspringt fertige Patchpaare; mit anderen bricht er ab, außer OVERWRITE ist aktiviert – dann werden zuerst die alten Patches und Indexzeilen dieser Szene (samt ihren Prüfentscheidungen) entfernt. Zwei Extraktionen gleichzeitig in einen Ordner: Die zweite bricht ab.</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/processing/extract_patches.py" line="90" />
        <source>Sentinel-2 scene (B4, B3, B2; or a SAFE folder/zip, or a folder of band files)</source>
        <translation>Sentinel-2-Szene (B4, B3, B2; oder ein SAFE-Ordner/-Zip oder ein Ordner mit Banddateien)</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/processing/extract_patches.py" line="102" />
        <source>Season (empty: the seed's season, or from the scene's date)</source>
        <translation>Jahreszeit (leer: die des Seeds oder aus dem Datum der Szene)</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/processing/extract_patches.py" line="118" />
        <source>Replace this scene if it was made from other inputs or settings</source>
        <translation>Diese Szene ersetzen, wenn sie aus anderen Eingaben oder Einstellungen entstanden ist</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/processing/extract_patches.py" line="120" />
        <source>S2 band numbers of B4, B3, B2 (empty: by band names or band order)</source>
        <translation>S2-Bandnummern von B4, B3, B2 (leer: nach Bandnamen oder Bandreihenfolge)</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/processing/extract_patches.py" line="141" />
        <source>Cloud share for review</source>
        <translation>Wolkenanteil für Prüfung</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/processing/extract_patches.py" line="141" />
        <source>Cloud share for reject</source>
        <translation>Wolkenanteil für Verwerfen</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/processing/extract_patches.py" line="144" />
        <source>Seamline contrast for review</source>
        <translation>Nahtlinienkontrast für Prüfung</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/processing/extract_patches.py" line="144" />
        <source>Band ratio for a colour shift</source>
        <translation>Bandverhältnis für eine Farbverschiebung</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/processing/extract_patches.py" line="172" />
        <source>All Sentinel-2 bands at 10 m from a product or band folder (GeoTIFF patches)</source>
        <translation>Alle Sentinel-2-Bänder in 10 m aus einem Produkt- oder Bandordner (GeoTIFF-Patches)</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/processing/extract_patches.py" line="177" />
        <source>Patch pairs in the index for this scene</source>
        <translation>Patchpaare im Index für diese Szene</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/processing/extract_patches.py" line="177" />
        <source>Patch pairs written</source>
        <translation>Geschriebene Patchpaare</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/processing/extract_patches.py" line="177" />
        <source>Patch pairs already there (skipped)</source>
        <translation>Bereits vorhandene Patchpaare (übersprungen)</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/processing/extract_patches.py" line="177" />
        <source>Patches dropped for no-data</source>
        <translation>Wegen NoData verworfene Patches</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/processing/extract_patches.py" line="192" />
        <source>Incorrect parameter value for {}</source>
        <translation>Ungültiger Parameterwert für {}</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/processing/quality_algorithms.py" line="52" />
        <source>Runs the scene checks on every s1_N.tif / s2_N.tif pair under the folder and lists pass / review / reject with reasons. Beside scenes this plugin downloaded (with scene_N.json) each verdict is stored as scene_N_qc.json; nothing is written beside other rasters.</source>
        <translation>Führt die Szenenprüfungen für jedes Paar s1_N.tif / s2_N.tif unter dem Ordner aus und listet pass / review / reject mit Gründen auf. Neben Szenen, die dieses Plugin heruntergeladen hat (mit scene_N.json), wird jedes Ergebnis als scene_N_qc.json gespeichert; neben andere Raster wird nichts geschrieben.</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/processing/quality_algorithms.py" line="71" />
        <source>{} scene {}: {} {}</source>
        <translation>{} Szene {}: {} {}</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/processing/quality_algorithms.py" line="91" />
        <source>Accepted pairs</source>
        <translation>Angenommene Paare</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/processing/quality_algorithms.py" line="91" />
        <source>Files moved out</source>
        <translation>Verschobene Dateien</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/processing/quality_algorithms.py" line="91" />
        <source>Files brought back</source>
        <translation>Zurückgeholte Dateien</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/qgis_support.py" line="129" />
        <source>The polygon has no area; draw it again.</source>
        <translation>Das Polygon hat keine Fläche; neu zeichnen.</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/qgis_support.py" line="131" />
        <source>A ROI must be a polygon: pick a polygon layer or draw a polygon.</source>
        <translation>Eine ROI muss ein Polygon sein: einen Polygon-Layer wählen oder ein Polygon zeichnen.</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/qgis_support.py" line="136" />
        <source>The polygon has {} parts: use one polygon per ROI.</source>
        <translation>Das Polygon hat {} Teile: ein Polygon pro ROI verwenden.</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/qgis_support.py" line="158" />
        <source>ROI {}: {}</source>
        <translation>ROI {}: {}</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/qgis_support.py" line="226" />
        <source>winter</source>
        <translation>Winter</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/qgis_support.py" line="226" />
        <source>spring</source>
        <translation>Frühling</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/qgis_support.py" line="226" />
        <source>summer</source>
        <translation>Sommer</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/qgis_support.py" line="226" />
        <source>fall</source>
        <translation>Herbst</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/qgis_support.py" line="238" />
        <source>Out of memory: close other programs, or use a smaller scene or fewer workers.</source>
        <translation>Nicht genug Arbeitsspeicher: andere Programme schließen oder eine kleinere Szene bzw. weniger parallele Prozesse verwenden.</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/qgis_support.py" line="241" />
        <source>A file could not be read or written{}: {}. Check the path, the permissions and the free space, then run again.</source>
        <translation>Eine Datei konnte nicht gelesen oder geschrieben werden{}: {}. Pfad, Berechtigungen und freien Speicherplatz prüfen, dann erneut ausführen.</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/qgis_support.py" line="245" />
        <source>Unexpected error ({}: {}). The details are in the log panel (SEN1-2); please report them.</source>
        <translation>Unerwarteter Fehler ({}: {}). Die Details stehen im Bedienfeld Protokollmeldungen (SEN1-2); bitte melden.</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/dock.py" line="72" />
        <source>Where this QGIS project keeps its ROIs, scenes and patches</source>
        <translation>Wo dieses QGIS-Projekt seine ROIs, Szenen und Patches ablegt</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/dock.py" line="94" />
        <source>Project folder:</source>
        <translation>Projektordner:</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/dock.py" line="131" />
        <source> (see More)</source>
        <translation> (siehe Mehr)</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/dock.py" line="164" />
        <source>This project's working folder is {} (beside the project file; change it under Project folder).</source>
        <translation>Der Arbeitsordner dieses Projekts ist {} (neben der Projektdatei; unter Projektordner änderbar).</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/dock.py" line="169" />
        <source>Choose a working folder for this project first (Project folder, at the top of the dock): the ROIs, scenes and patches are kept there.</source>
        <translation>Zuerst einen Arbeitsordner für dieses Projekt wählen (Projektordner, oben im Dock): dort werden ROIs, Szenen und Patches abgelegt.</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/dock.py" line="176" />
        <source>Working folder of this QGIS project (ROIs, scenes, patches)</source>
        <translation>Arbeitsordner dieses QGIS-Projekts (ROIs, Szenen, Patches)</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/dock.py" line="233" />
        <source>{} is still running: wait for it, or cancel it first.</source>
        <translation>{} läuft noch: warten oder zuerst abbrechen.</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/dock.py" line="247" />
        <source>Cancelled: {}. What was finished is kept; run it again to go on.</source>
        <translation>Abgebrochen: {}. Was fertig war, bleibt erhalten; zum Fortsetzen erneut ausführen.</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/tasks.py" line="112" />
        <source>Cancelling…</source>
        <translation>Wird abgebrochen…</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/tasks.py" line="93" />
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/dock.py" line="287" />
        <source>Cancel the running task</source>
        <translation>Die laufende Aufgabe abbrechen</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/layers.py" line="111" />
        <source>to review</source>
        <translation>zu prüfen</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/layers.py" line="111" />
        <source>rejected by the checks</source>
        <translation>von den Prüfungen abgelehnt</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/layers.py" line="111" />
        <source>rejected by you</source>
        <translation>von Ihnen abgelehnt</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/layers.py" line="111" />
        <source>accepted by you</source>
        <translation>von Ihnen angenommen</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/layers.py" line="111" />
        <source>passed the checks</source>
        <translation>Prüfungen bestanden</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/layers.py" line="154" />
        <source>Labels ROI {} {}</source>
        <translation>Labels ROI {} {}</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/own_scenes.py" line="61" />
        <source>{} scene added</source>
        <translation>{} Szene hinzugefügt</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/own_scenes.py" line="61" />
        <source>{} scenes added</source>
        <translation>{} Szenen hinzugefügt</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/own_scenes.py" line="63" />
        <source>{}: {}</source>
        <translation>{}: {}</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/sections/earthengine.py" line="161" />
        <source>{}; {}:</source>
        <translation>{}; {}:</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/own_scenes.py" line="65" />
        <source>{} not added</source>
        <translation>{} nicht hinzugefügt</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/sections/download_plan.py" line="29" />
        <source>{} tier ({} EECU-hours a month)</source>
        <translation>Stufe {} ({} EECU-Stunden im Monat)</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/sections/download_plan.py" line="34" />
        <source> EECU-hours</source>
        <translation> EECU-Stunden</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/sections/download_plan.py" line="35" />
        <source>no budget</source>
        <translation>kein Budget</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/sections/download_plan.py" line="36" />
        <source>A download that would use more compute, by its plan's estimate or as measured on the way, stops with a sentence; finished tiles are kept.</source>
        <translation>Ein Download, der nach der Schätzung seines Plans oder unterwegs gemessen mehr Rechenzeit bräuchte, hält mit einer Meldung an; fertige Kacheln bleiben erhalten.</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/sections/download_plan.py" line="38" />
        <source>Plan download shows what a download takes before it starts.</source>
        <translation>„Download planen“ zeigt, was ein Download braucht, bevor er beginnt.</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/sections/download_plan.py" line="74" />
        <source>This download used {} EECU-hours, measured.</source>
        <translation>Dieser Download hat {} EECU-Stunden verbraucht (gemessen).</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/sections/earthengine.py" line="40" />
        <source>Compute:</source>
        <translation>Rechenzeit:</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/processing/fetch_scenes.py" line="86" />
        <source>None</source>
        <translation>Keine</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/sections/earthengine.py" line="43" />
        <source>ESA WorldCover (10 m)</source>
        <translation>ESA WorldCover (10 m)</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/sections/earthengine.py" line="43" />
        <source>Dynamic World (mode over the season)</source>
        <translation>Dynamic World (Modus über die Jahreszeit)</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/sections/earthengine.py" line="44" />
        <source>Land-cover labels downloaded with each scene on its grid (lc_N.tif); extraction cuts label patches from them.</source>
        <translation>Landbedeckungs-Labels, die mit jeder Szene auf ihrem Gitter geladen werden (lc_N.tif); die Extraktion schneidet daraus Label-Patches.</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/sections/extract.py" line="70" />
        <source>Labels:</source>
        <translation>Labels:</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/sections/earthengine.py" line="47" />
        <source>Plan download</source>
        <translation>Download planen</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/sections/earthengine.py" line="55" />
        <source>EECU-seconds</source>
        <translation>EECU-Sekunden</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/sections/earthengine.py" line="74" />
        <source>Not signed in yet: each Earth Engine step signs in with the key file.</source>
        <translation>Noch nicht angemeldet: jeder Earth-Engine-Schritt meldet sich mit der Schlüsseldatei an.</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/sections/earthengine.py" line="74" />
        <source>Not signed in yet: each Earth Engine step signs in with your saved Google sign-in.</source>
        <translation>Noch nicht angemeldet: jeder Earth-Engine-Schritt meldet sich mit Ihrer gespeicherten Google-Anmeldung an.</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/sections/earthengine.py" line="139" />
        <source>SEN1-2: a big job</source>
        <translation>SEN1-2: eine große Aufgabe</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/sections/earthengine.py" line="139" />
        <source>Start it?</source>
        <translation>Starten?</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/sections/earthengine.py" line="235" />
        <source>ROI {} {}</source>
        <translation>ROI {} {}</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/sections/earthengine.py" line="157" />
        <source>{} ROI-season has images</source>
        <translation>{} ROI-Jahreszeit hat Bilder</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/sections/earthengine.py" line="157" />
        <source>{} ROI-seasons have images</source>
        <translation>{} ROI-Jahreszeiten haben Bilder</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/sections/earthengine.py" line="161" />
        <source>{} has none</source>
        <translation>{} hat keine</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/sections/earthengine.py" line="161" />
        <source>{} have none</source>
        <translation>{} haben keine</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/sections/earthengine.py" line="171" />
        <source>{} adds {} map layers.</source>
        <translation>{} fügt {} Kartenlayer hinzu.</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/sections/earthengine.py" line="222" />
        <source>Nothing left to download: every scene pair is on disk.</source>
        <translation>Nichts mehr herunterzuladen: alle Szenenpaare liegen vor.</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/sections/earthengine.py" line="227" />
        <source>Planning the download</source>
        <translation>Download wird geplant</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/sections/earthengine.py" line="236" />
        <source>the scene check asks for a look: {}</source>
        <translation>die Szenenprüfung bittet um einen Blick: {}</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/sections/earthengine.py" line="240" />
        <source>No scene pair was downloaded: {}.</source>
        <translation>Kein Szenenpaar wurde heruntergeladen: {}.</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/sections/earthengine.py" line="240" />
        <source>{} ROI-season was dropped</source>
        <translation>{} ROI-Jahreszeit wurde verworfen</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/sections/earthengine.py" line="240" />
        <source>{} ROI-seasons were dropped</source>
        <translation>{} ROI-Jahreszeiten wurden verworfen</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/sections/earthengine.py" line="240" />
        <source>nothing was requested</source>
        <translation>nichts wurde angefragt</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/sections/earthengine.py" line="245" />
        <source>{} scene pair downloaded and loaded</source>
        <translation>{} Szenenpaar heruntergeladen und geladen</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/sections/earthengine.py" line="245" />
        <source>{} scene pairs downloaded and loaded</source>
        <translation>{} Szenenpaare heruntergeladen und geladen</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/sections/scenes.py" line="52" />
        <source>{}; {}</source>
        <translation>{}; {}</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/sections/earthengine.py" line="247" />
        <source>{} ROI-season dropped</source>
        <translation>{} ROI-Jahreszeit verworfen</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/sections/earthengine.py" line="247" />
        <source>{} ROI-seasons dropped</source>
        <translation>{} ROI-Jahreszeiten verworfen</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/sections/earthengine.py" line="252" />
        <source>The scene check rejects {} scene pair: extraction skips it unless you extract it anyway:</source>
        <translation>Die Szenenprüfung lehnt {} Szenenpaar ab: das Ausschneiden überspringt es, außer Sie schneiden es trotzdem aus:</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/sections/earthengine.py" line="252" />
        <source>The scene check rejects {} scene pairs: extraction skips them unless you extract them anyway:</source>
        <translation>Die Szenenprüfung lehnt {} Szenenpaare ab: das Ausschneiden überspringt sie, außer Sie schneiden sie trotzdem aus:</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/sections/earthengine.py" line="260" />
        <source>{} export task started.</source>
        <translation>{} Exportaufgabe gestartet.</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/sections/earthengine.py" line="264" />
        <source>{} starts {} export tasks.</source>
        <translation>{} startet {} Exportaufgaben.</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/sections/earthengine.py" line="291" />
        <source>{} x {} ({})</source>
        <translation>{} x {} ({})</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/sections/earthengine.py" line="291" />
        <source>{} ROI</source>
        <translation>{} ROI</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/sections/earthengine.py" line="291" />
        <source>{} ROIs</source>
        <translation>{} ROIs</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/sections/earthengine.py" line="291" />
        <source>{} season</source>
        <translation>{} Jahreszeit</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/sections/earthengine.py" line="291" />
        <source>{} seasons</source>
        <translation>{} Jahreszeiten</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/sections/earthengine.py" line="291" />
        <source>{} ROI-season</source>
        <translation>{} ROI-Jahreszeit</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/sections/earthengine.py" line="291" />
        <source>{} ROI-seasons</source>
        <translation>{} ROI-Jahreszeiten</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/sections/earthengine.py" line="299" />
        <source>{} downloads {}, {} megapixels of each sensor; Plan download shows its compute.</source>
        <translation>{} lädt {} herunter, {} Megapixel je Sensor; „Download planen“ zeigt die Rechenzeit.</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/sections/extract.py" line="212" />
        <source>{} scene pair</source>
        <translation>{} Szenenpaar</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/sections/extract.py" line="212" />
        <source>{} scene pairs</source>
        <translation>{} Szenenpaare</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/sections/extract.py" line="67" />
        <source>Polygons (or lines and points with a buffer) and their class field, or a raster of classes: each pair gets a label patch on its grid. Empty: the land cover fetched with the scene, if any.</source>
        <translation>Polygone (oder Linien und Punkte mit Puffer) und ihr Klassenfeld, oder ein Raster mit Klassen: Jedes Paar bekommt einen Label-Patch auf seinem Gitter. Leer: die mit der Szene geladene Landbedeckung, falls vorhanden.</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/sections/extract.py" line="75" />
        <source>Class field:</source>
        <translation>Klassenfeld:</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/sections/extract.py" line="75" />
        <source>buffer</source>
        <translation>Puffer</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/sections/extract.py" line="76" />
        <source>every touched pixel</source>
        <translation>jedes berührte Pixel</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/sections/extract.py" line="77" />
        <source>drop pairs without a class</source>
        <translation>Paare ohne Klasse verwerfen</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/sections/extract.py" line="194" />
        <source>The scene check rejects {} scene pair, so it was not extracted:</source>
        <translation>Die Szenenprüfung lehnt {} Szenenpaar ab, daher wurde es nicht ausgeschnitten:</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/sections/extract.py" line="194" />
        <source>The scene check rejects {} scene pairs, so they were not extracted:</source>
        <translation>Die Szenenprüfung lehnt {} Szenenpaare ab, daher wurden sie nicht ausgeschnitten:</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/sections/extract.py" line="194" />
        <source>Extract anyway</source>
        <translation>Trotzdem ausschneiden</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/sections/extract.py" line="217" />
        <source> every patch position has no-data in S1 or S2.</source>
        <translation> jede Patch-Position hat NoData in S1 oder S2.</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/sections/extract.py" line="219" />
        <source> the scene check rejects them.</source>
        <translation> die Szenenprüfung lehnt sie ab.</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/sections/extract.py" line="220" />
        <source>No patch pair was made from {}:</source>
        <translation>Aus {} wurde kein Patchpaar erzeugt:</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/sections/extract.py" line="223" />
        <source>{} from {} of {} in {}.</source>
        <translation>{} aus {} von {} in {}.</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/sections/extract.py" line="223" />
        <source>{} patch pair</source>
        <translation>{} Patchpaar</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/sections/extract.py" line="223" />
        <source>{} patch pairs</source>
        <translation>{} Patchpaare</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/sections/extract.py" line="232" />
        <source>{} scene {}</source>
        <translation>{} Szene {}</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/sections/review.py" line="28" />
        <source>flagged patches first (all when none is flagged)</source>
        <translation>markierte Patches zuerst (alle, wenn keiner markiert ist)</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/sections/review.py" line="28" />
        <source>all patches</source>
        <translation>alle Patches</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/sections/review.py" line="44" />
        <source>Review:</source>
        <translation>Prüfen:</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/sections/review.py" line="52" />
        <source>Keys: N next, P previous, A accept, R reject, T toggle S1/S2, L labels</source>
        <translation>Tasten: N weiter, P zurück, A annehmen, R ablehnen, T S1/S2 wechseln, L Labels</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/sections/review.py" line="76" />
        <source>Move the checks' rejects without asking</source>
        <translation>Ablehnungen der Prüfungen ohne Nachfrage verschieben</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/sections/review.py" line="186" />
        <source>SEN1-2: rejects nobody reviewed</source>
        <translation>SEN1-2: ungeprüfte Ablehnungen</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/sections/review.py" line="186" />
        <source>The checks reject {} patch pair that nobody has reviewed. Move it to _rejected too?</source>
        <translation>Die Prüfungen lehnen {} Patchpaar ab, das niemand geprüft hat. Es auch nach _rejected verschieben?</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/sections/review.py" line="186" />
        <source>The checks reject {} patch pairs that nobody has reviewed. Move them to _rejected too?</source>
        <translation>Die Prüfungen lehnen {} Patchpaare ab, die niemand geprüft hat. Sie auch nach _rejected verschieben?</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/sections/review.py" line="190" />
        <source>Move them</source>
        <translation>Verschieben</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/sections/review.py" line="191" />
        <source>Review them first</source>
        <translation>Zuerst prüfen</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/sections/review.py" line="200" />
        <source>{} moved to _rejected</source>
        <translation>{} nach _rejected verschoben</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/sections/review.py" line="203" />
        <source>{} ({} by your review, {} by the checks)</source>
        <translation>{} ({} durch Ihre Prüfung, {} durch die Prüfungen)</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/sections/review.py" line="205" />
        <source>{} patch pair kept</source>
        <translation>{} Patchpaar behalten</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/sections/review.py" line="205" />
        <source>{} patch pairs kept</source>
        <translation>{} Patchpaare behalten</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/sections/review.py" line="207" />
        <source>{} brought back</source>
        <translation>{} zurückgeholt</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/sections/review.py" line="209" />
        <source>Published: {}. Splits by {}: {}.</source>
        <translation>Veröffentlicht: {}. Aufteilung nach {}: {}.</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/sections/review.py" line="211" />
        <source>{} index row skipped:</source>
        <translation>{} Indexzeile übersprungen:</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/sections/review.py" line="211" />
        <source>{} index rows skipped:</source>
        <translation>{} Indexzeilen übersprungen:</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/sections/review.py" line="213" />
        <source>Open the dataset card</source>
        <translation>Datensatzkarte öffnen</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/sections/rois.py" line="83" />
        <source>ROI {} added: {:.2f} x {:.2f} km on the 10 m grid of UTM zone {}, the box that covers what you drew.</source>
        <translation>ROI {} hinzugefügt: {:.2f} x {:.2f} km auf dem 10-m-Gitter der UTM-Zone {}, das Rechteck, das Ihre Zeichnung abdeckt.</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/sections/rois.py" line="110" />
        <source>{} ROI added</source>
        <translation>{} ROI hinzugefügt</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/sections/rois.py" line="110" />
        <source>{} ROIs added</source>
        <translation>{} ROIs hinzugefügt</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/sections/rois.py" line="112" />
        <source>{} from {}; {}:</source>
        <translation>{} aus {}; {}:</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/sections/rois.py" line="112" />
        <source>{} polygon refused</source>
        <translation>{} Polygon abgelehnt</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/sections/rois.py" line="112" />
        <source>{} polygons refused</source>
        <translation>{} Polygone abgelehnt</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/sections/rois.py" line="116" />
        <source>{} from {}.</source>
        <translation>{} aus {}.</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/sections/rois.py" line="137" />
        <source>{}, {} (overlap or outside Sentinel-2 coverage).</source>
        <translation>{}, {} (Überlappung oder außerhalb der Sentinel-2-Abdeckung).</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/sections/rois.py" line="137" />
        <source>{} ROI sampled</source>
        <translation>{} ROI gezogen</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/sections/rois.py" line="137" />
        <source>{} ROIs sampled</source>
        <translation>{} ROIs gezogen</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/sections/rois.py" line="137" />
        <source>{} dropped</source>
        <translation>{} verworfen</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/sections/rois.py" line="142" />
        <source>A download of the ROI layer now asks for {} scene pair.</source>
        <translation>Ein Download des ROI-Layers fragt jetzt {} Szenenpaar an.</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/sections/rois.py" line="142" />
        <source>A download of the ROI layer now asks for {} scene pairs.</source>
        <translation>Ein Download des ROI-Layers fragt jetzt {} Szenenpaare an.</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/sections/scenes.py" line="50" />
        <source>{} scene pair loaded</source>
        <translation>{} Szenenpaar geladen</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/sections/scenes.py" line="50" />
        <source>{} scene pairs loaded</source>
        <translation>{} Szenenpaare geladen</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/sections/scenes.py" line="52" />
        <source>{} was already in the project</source>
        <translation>{} war schon im Projekt</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/sections/scenes.py" line="52" />
        <source>{} were already in the project</source>
        <translation>{} waren schon im Projekt</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/sections/scenes.py" line="55" />
        <source>{}; QGIS cannot read {}.</source>
        <translation>{}; QGIS kann {} nicht lesen.</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/tasks.py" line="70" />
        <source>The task stopped without a reason; see the log panel (SEN1-2).</source>
        <translation>Die Aufgabe hielt ohne Grund an; siehe Bedienfeld Protokollmeldungen (SEN1-2).</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/processing/export_scenes.py" line="90" />
        <source>Lists your Earth Engine export tasks with their state and, once finished, the compute they used (eecu_seconds, from the task's metadata); run again to refresh.</source>
        <translation>Listet die eigenen Earth-Engine-Exportaufgaben mit ihrem Status und, wenn fertig, der verbrauchten Rechenzeit auf (eecu_seconds, aus den Metadaten der Aufgabe); zum Aktualisieren erneut ausführen.</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/processing/extract_patches.py" line="77" />
        <source>Labels (optional): LABELS is a vector layer (its LABEL_FIELD holds the classes, text or numbers; lines and points need LABEL_BUFFER_M metres) or a raster of class values in any CRS. They are put on the pair's grid (rasterized by pixel centres, or every touched pixel with LABEL_ALL_TOUCHED; rasters resampled nearest) and written as a third patch of each pair, {dataset}/lc_{scene}/{dataset}_lc_{scene}_p{n}.png (8-bit class ids, 0 unlabeled), with the classes in {dataset}/class_map.json. Empty LABELS: the land cover sen12:fetch_scenes stored beside the scene (lc_N.tif), if any. DROP_UNLABELED drops pairs whose label has no class.</source>
        <translation>Labels (optional): LABELS ist ein Vektorlayer (sein LABEL_FIELD enthält die Klassen, Text oder Zahlen; Linien und Punkte brauchen LABEL_BUFFER_M Meter) oder ein Raster mit Klassenwerten in beliebigem KBS. Sie werden auf das Gitter des Paares gebracht (nach Pixelmittelpunkten gerastert, oder jedes berührte Pixel mit LABEL_ALL_TOUCHED; Raster per nächstem Nachbarn umgerechnet) und als dritter Patch jedes Paares geschrieben, {dataset}/lc_{scene}/{dataset}_lc_{scene}_p{n}.png (8-Bit-Klassen-IDs, 0 ohne Label), die Klassen in {dataset}/class_map.json. Leeres LABELS: die Landbedeckung, die sen12:fetch_scenes neben der Szene abgelegt hat (lc_N.tif), falls vorhanden. DROP_UNLABELED verwirft Paare, deren Label keine Klasse hat.</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/processing/extract_patches.py" line="152" />
        <source>Labels: a vector or raster layer of classes (empty: the scene's fetched land cover)</source>
        <translation>Labels: ein Vektor- oder Rasterlayer mit Klassen (leer: die mit der Szene geladene Landbedeckung)</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/processing/extract_patches.py" line="155" />
        <source>Class field of the label layer</source>
        <translation>Klassenfeld des Label-Layers</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/processing/extract_patches.py" line="158" />
        <source>Label buffer (m; lines and points)</source>
        <translation>Label-Puffer (m; Linien und Punkte)</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/processing/extract_patches.py" line="161" />
        <source>Label every pixel a feature touches (not only pixel centres)</source>
        <translation>Jedes Pixel labeln, das ein Objekt berührt (nicht nur Pixelmittelpunkte)</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/processing/extract_patches.py" line="161" />
        <source>Drop pairs whose label patch has no class</source>
        <translation>Paare verwerfen, deren Label-Patch keine Klasse hat</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/processing/extract_patches.py" line="177" />
        <source>Patches dropped for an all-unlabeled label patch</source>
        <translation>Verworfene Patches, deren Label-Patch ganz ohne Klasse ist</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/processing/extract_patches.py" line="267" />
        <source>Label patches from {}; classes in {}/class_map.json; {} pairs dropped for an all-unlabeled label.</source>
        <translation>Label-Patches aus {}; Klassen in {}/class_map.json; {} Paare verworfen, weil ihr Label keine Klasse hat.</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/processing/fetch_scenes.py" line="53" />
        <source>For every ROI and season: asks Earth Engine how many Sentinel-1 GRD (IW, VV) and Sentinel-2 L1C (cloud &lt;= 1 %, B4 B3 B2) images match, drops ROIs without images (DROPPED, with the reason), and downloads the two mosaics (mosaic, clip, 10 m) on one pinned UTM grid as cloud-optimized GeoTIFFs: OUTPUT/ROIs{seed}_{season}/scenes/s1_{id}.tif (float32 dB, no-data -9999) and s2_{id}.tif (uint16, no-data 0). Tiled, parallel (CONCURRENCY requests at once), retried and resumable: a scene made from the same inputs is kept, one made from other inputs stops the run unless OVERWRITE is set. ROI ids must be unique; a row with a bad id, seed, season or shape is listed in DROPPED with the reason and the others go on. START_DATE and END_DATE (YYYY-MM-DD) replace the SEASONS by one custom date range. Before the bulk of the download the plan is logged and written to OUTPUT/plan.json (PLAN): scene pairs, requests, megabytes, the expected time at CONCURRENCY and the compute in EECU-hours, an estimate from Earth Engine's own computation profiles of the first requests, against the TIER's monthly quota. BUDGET_EECU_HOURS (0: none) stops the run with a sentence when the estimate, or the compute measured on the way, passes it; finished tiles are kept and a re-run resumes. With REQUEST_ONLY nothing is contacted: OUTPUT/requests.json holds the exact expression graph of every request, and OUTPUT/plan.json the plan as far as it is known without contact.</source>
        <translation>Für jede ROI und Jahreszeit: fragt Earth Engine, wie viele Bilder von Sentinel-1 GRD (IW, VV) und Sentinel-2 L1C (Wolken &lt;= 1 %, B4 B3 B2) passen, verwirft ROIs ohne Bilder (DROPPED, mit Grund) und lädt die beiden Mosaike (mosaic, clip, 10 m) auf einem festen UTM-Gitter als Cloud-optimierte GeoTIFFs herunter: OUTPUT/ROIs{seed}_{season}/scenes/s1_{id}.tif (float32 dB, NoData -9999) und s2_{id}.tif (uint16, NoData 0). In Kacheln, parallel (CONCURRENCY Anfragen gleichzeitig), mit Wiederholungen und fortsetzbar: Eine aus denselben Eingaben entstandene Szene wird behalten, eine aus anderen Eingaben bricht den Lauf ab, außer OVERWRITE ist gesetzt. ROI-IDs müssen eindeutig sein; eine Zeile mit ungültiger ID, ungültigem Seed, ungültiger Jahreszeit oder Form wird mit Grund in DROPPED aufgeführt, die übrigen laufen weiter. START_DATE und END_DATE (JJJJ-MM-TT) ersetzen die SEASONS durch einen eigenen Zeitraum. Vor dem Hauptteil des Downloads wird der Plan protokolliert und nach OUTPUT/plan.json (PLAN) geschrieben: Szenenpaare, Anfragen, Megabyte, die erwartete Zeit bei CONCURRENCY und die Rechenzeit in EECU-Stunden, geschätzt aus den eigenen Berechnungsprofilen von Earth Engine für die ersten Anfragen, gemessen am Monatskontingent der TIER. BUDGET_EECU_HOURS (0: keins) hält den Lauf mit einer Meldung an, wenn die Schätzung oder die unterwegs gemessene Rechenzeit es überschreitet; fertige Kacheln bleiben erhalten, ein erneuter Lauf setzt fort. Mit REQUEST_ONLY wird nichts kontaktiert: OUTPUT/requests.json enthält den genauen Ausdrucksgraphen jeder Anfrage, OUTPUT/plan.json den Plan, soweit er ohne Kontakt bekannt ist.</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/processing/fetch_scenes.py" line="72" />
        <source>LABELS adds land-cover labels on the same grid, through the same download: ESA WorldCover v200 (its class codes 10..100) or Dynamic World (the mode of its label over the season, class id = label + 1), stored as lc_{id}.tif (uint8, 0 unlabeled) with lc_{id}.json (the catalog's class names and colours); sen12:extract_patches then cuts label patches from it. Scenes fetched before get their labels without fetching S1 and S2 again.</source>
        <translation>LABELS fügt Landbedeckungs-Labels auf demselben Gitter hinzu, über denselben Download: ESA WorldCover v200 (seine Klassencodes 10..100) oder Dynamic World (der Modus seines label über die Jahreszeit, Klassen-ID = label + 1), abgelegt als lc_{id}.tif (uint8, 0 ohne Label) mit lc_{id}.json (Klassennamen und Farben aus dem Katalog); sen12:extract_patches schneidet daraus Label-Patches. Früher geladene Szenen bekommen ihre Labels, ohne S1 und S2 erneut zu laden.</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/processing/fetch_scenes.py" line="86" />
        <source>Land-cover labels with the scenes (lc_N.tif)</source>
        <translation>Landbedeckungs-Labels mit den Szenen (lc_N.tif)</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/processing/fetch_scenes.py" line="86" />
        <source>ESA WorldCover (ESA/WorldCover/v200, 10 m)</source>
        <translation>ESA WorldCover (ESA/WorldCover/v200, 10 m)</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/processing/fetch_scenes.py" line="86" />
        <source>Dynamic World (GOOGLE/DYNAMICWORLD/V1, mode of label over the season)</source>
        <translation>Dynamic World (GOOGLE/DYNAMICWORLD/V1, Modus von label über die Jahreszeit)</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/processing/fetch_scenes.py" line="96" />
        <source>The download's plan (plan.json)</source>
        <translation>Plan des Downloads (plan.json)</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/processing/fetch_scenes.py" line="97" />
        <source>Compute by the plan's estimate (EECU-hours)</source>
        <translation>Rechenzeit nach Schätzung des Plans (EECU-Stunden)</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/processing/fetch_scenes.py" line="98" />
        <source>Compute used, measured (EECU-hours)</source>
        <translation>Verbrauchte Rechenzeit, gemessen (EECU-Stunden)</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/processing/fetch_scenes.py" line="103" />
        <source>Compute budget in EECU-hours (0: none)</source>
        <translation>Rechenbudget in EECU-Stunden (0: keins)</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/processing/fetch_scenes.py" line="106" />
        <source>Earth Engine quota tier the plan is shown against (EECU-hours a month)</source>
        <translation>Earth-Engine-Kontingentstufe, an der der Plan gemessen wird (EECU-Stunden im Monat)</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/qgis_support.py" line="193" />
        <source>The label layer {} is not a raster file GDAL reads (provider {}).</source>
        <translation>Der Label-Layer {} ist keine Rasterdatei, die GDAL liest (Provider {}).</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/qgis_support.py" line="197" />
        <source>The label layer {} is neither a vector nor a raster layer.</source>
        <translation>Der Label-Layer {} ist weder ein Vektor- noch ein Rasterlayer.</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/qgis_support.py" line="199" />
        <source>Choose the class field of the label layer {} (LABEL_FIELD).</source>
        <translation>Das Klassenfeld des Label-Layers {} wählen (LABEL_FIELD).</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/qgis_support.py" line="202" />
        <source>The label layer {} has no field {}.</source>
        <translation>Der Label-Layer {} hat kein Feld {}.</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/sections/review.py" line="219" />
        <source>scene</source>
        <translation>Szene</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/sections/review.py" line="219" />
        <source>roi</source>
        <translation>ROI</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/sections/review.py" line="219" />
        <source>season</source>
        <translation>Jahreszeit</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/sections/season.py" line="102" />
        <source>both</source>
        <translation>beide</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/sections/season.py" line="102" />
        <source>ASCENDING</source>
        <translation>aufsteigend</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/sections/season.py" line="102" />
        <source>DESCENDING</source>
        <translation>absteigend</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/sections/review.py" line="48" />
        <source>Reason:</source>
        <translation>Grund:</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/sections/review.py" line="108" />
        <source>any reason</source>
        <translation>jeder Grund</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/sections/review.py" line="115" />
        <source>{} ({} patches)</source>
        <translation>{} ({} Patches)</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/sections/extract.py" line="86" />
        <source>Allow S1/S2 dates far apart (over 30 days)</source>
        <translation>S1/S2-Daten weit auseinander erlauben (über 30 Tage)</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/processing/extract_patches.py" line="123" />
        <source>S1 band names in file order, e.g. VH,VV (empty: from the file; needed for two unnamed bands)</source>
        <translation>S1-Bandnamen in Dateireihenfolge, z. B. VH,VV (leer: aus der Datei; nötig bei zwei unbenannten Bändern)</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/processing/extract_patches.py" line="126" />
        <source>Largest gap between the S1 and S2 acquisition dates (days)</source>
        <translation>Größter Abstand zwischen den S1- und S2-Aufnahmedaten (Tage)</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/processing/extract_patches.py" line="129" />
        <source>Allow S1 and S2 dates further apart than that</source>
        <translation>S1- und S2-Daten weiter auseinander erlauben</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/processing/extract_patches.py" line="131" />
        <source>S2 values (auto: from the data)</source>
        <translation>S2-Werte (auto: aus den Daten)</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/processing/extract_patches.py" line="131" />
        <source>auto</source>
        <translation>auto</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/processing/extract_patches.py" line="131" />
        <source>digital numbers</source>
        <translation>Digitalwerte</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/processing/extract_patches.py" line="131" />
        <source>reflectance 0-1</source>
        <translation>Reflexion 0-1</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/processing/extract_patches.py" line="131" />
        <source>ESA's +1000 offset of 2022 products (auto: from the date and the values)</source>
        <translation>ESAs Offset von +1000 der Produkte ab 2022 (auto: aus Datum und Werten)</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/processing/extract_patches.py" line="131" />
        <source>subtract 1000</source>
        <translation>1000 abziehen</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/processing/extract_patches.py" line="131" />
        <source>none</source>
        <translation>keiner</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/processing/quality_algorithms.py" line="125" />
        <source>Mode</source>
        <translation>Modus</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/processing/quality_algorithms.py" line="125" />
        <source>Write the lists; refuse when the same ground would be in two splits</source>
        <translation>Listen schreiben; ablehnen, wenn derselbe Boden in zwei Teilen läge</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/processing/quality_algorithms.py" line="125" />
        <source>Write the lists; report where the same ground is in two splits</source>
        <translation>Listen schreiben; melden, wo derselbe Boden in zwei Teilen liegt</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/processing/quality_algorithms.py" line="125" />
        <source>Report only: say what the split would be, write nothing</source>
        <translation>Nur Bericht: sagen, wie die Aufteilung wäre, nichts schreiben</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/pairing.py" line="143" />
        <source>Scene</source>
        <translation>Szene</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/pairing.py" line="143" />
        <source>S1 bands</source>
        <translation>S1-Bänder</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/pairing.py" line="143" />
        <source>S2 units</source>
        <translation>S2-Einheiten</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/pairing.py" line="145" />
        <source>The scene number in its dataset: the next free one, or the scene the same files made before (extracting resumes it).</source>
        <translation>Die Szenennummer in ihrem Datensatz: die nächste freie, oder die Szene, die dieselben Dateien schon ergeben haben (das Ausschneiden setzt sie fort).</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/pairing.py" line="148" />
        <source>The S1 file's bands in file order (e.g. VH,VV) when the file does not name them; empty: as the file says.</source>
        <translation>Die Bänder der S1-Datei in Dateireihenfolge (z. B. VH,VV), wenn die Datei sie nicht benennt; leer: wie die Datei sagt.</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/pairing.py" line="260" />
        <source>from the file</source>
        <translation>aus der Datei</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/pairing.py" line="260" />
        <source>reflectance 0..1</source>
        <translation>Reflektanz 0..1</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/pairing.py" line="316" />
        <source>choose a season first</source>
        <translation>zuerst eine Jahreszeit wählen</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/sections/scenes.py" line="21" />
        <source>Pick many files at once (Ctrl or Shift): rasters, zipped products, a product's MTD_MSIL*.xml; band files of one folder become one scene.</source>
        <translation>Viele Dateien auf einmal wählen (Strg oder Umschalt): Raster, gezippte Produkte, die MTD_MSIL*.xml eines Produkts; Banddateien eines Ordners werden eine Szene.</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/sections/scenes.py" line="23" />
        <source>Add scenes from a folder…</source>
        <translation>Szenen aus einem Ordner hinzufügen…</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/sections/scenes.py" line="24" />
        <source>A Sentinel-2 product or band folder, or a folder above them: every product, band folder and raster under it is added at once.</source>
        <translation>Ein Sentinel-2-Produkt oder Bandordner, oder ein Ordner darüber: jedes Produkt, jeder Bandordner und jedes Raster darunter wird auf einmal hinzugefügt.</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/sections/scenes.py" line="66" />
        <source>A product, a band folder, or a folder above many of them</source>
        <translation>Ein Produkt, ein Bandordner oder ein Ordner über vielen davon</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/processing/extract_patches.py" line="104" />
        <source>Scene number (the ROI id; empty: from the scene record, else the scene the same inputs made, else the dataset's next free number)</source>
        <translation>Szenennummer (die ROI-ID; leer: aus der Szenenaufzeichnung, sonst die Szene, die dieselben Eingaben ergeben haben, sonst die nächste freie Nummer des Datensatzes)</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/pairing.py" line="316" />
        <source>refused, see below the table</source>
        <translation>abgelehnt, siehe unter der Tabelle</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/pairing.py" line="318" />
        <source>scene: {}; {}</source>
        <translation>Szene: {}; {}</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/processing/extract_patches.py" line="142" />
        <source>Snow share for review (above 1: never; snow is kept)</source>
        <translation>Schneeanteil für Prüfung (über 1: nie; Schnee bleibt)</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/processing/extract_patches.py" line="143" />
        <source>Cloud shadow share for review</source>
        <translation>Wolkenschattenanteil für Prüfung</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/processing/extract_patches.py" line="143" />
        <source>Cloud shadow share for reject</source>
        <translation>Wolkenschattenanteil für Verwerfen</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/processing/extract_patches.py" line="145" />
        <source>S1/S2 offset for review (px)</source>
        <translation>S1/S2-Versatz für Prüfung (px)</translation>
    </message>
</context>
</TS>