<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1">
<context>
    <name>@default</name>
    <message>
        <location filename="../sen12_plugin/processing/provider.py" line="19" />
        <source>SEN1-2 Patch Builder</source>
        <translation>SEN1-2 Patch Builder</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/dock.py" line="96" />
        <source>1. ROIs</source>
        <translation>1. ROIs</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/dock.py" line="98" />
        <source>Draw rectangle</source>
        <translation>Rechteck zeichnen</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/dock.py" line="99" />
        <source>Draw polygon</source>
        <translation>Polygon zeichnen</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/dock.py" line="102" />
        <source>Size while drawing:</source>
        <translation>Größe beim Zeichnen:</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/dock.py" line="105" />
        <source>Layer:</source>
        <translation>Layer:</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/dock.py" line="106" />
        <source>Add selected features as ROIs</source>
        <translation>Ausgewählte Objekte als ROIs übernehmen</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/dock.py" line="108" />
        <source>Seeds:</source>
        <translation>Seeds:</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/dock.py" line="114" />
        <source>land</source>
        <translation>Land</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/dock.py" line="116" />
        <source>urban</source>
        <translation>Stadt</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/dock.py" line="119" />
        <source>Per seed:</source>
        <translation>Pro Seed:</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/dock.py" line="120" />
        <source>Sample seeded ROIs</source>
        <translation>ROIs mit Seeds ziehen</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/dock.py" line="124" />
        <source>2. Season and sensors</source>
        <translation>2. Jahreszeit und Sensoren</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/dock.py" line="126" />
        <source>Year (paper: 2017):</source>
        <translation>Jahr (Paper: 2017):</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/dock.py" line="134" />
        <source>Seasons:</source>
        <translation>Jahreszeiten:</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/dock.py" line="135" />
        <source>S1 VV and VH</source>
        <translation>S1 VV und VH</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/dock.py" line="137" />
        <source>All 13 S2 bands</source>
        <translation>Alle 13 S2-Bänder</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/dock.py" line="151" />
        <source>S2 level:</source>
        <translation>S2-Level:</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/dock.py" line="152" />
        <source>Max. cloud:</source>
        <translation>Max. Bewölkung:</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/dock.py" line="153" />
        <source>S1 orbit:</source>
        <translation>S1-Orbit:</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/dock.py" line="157" />
        <source>3. Earth Engine</source>
        <translation>3. Earth Engine</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/dock.py" line="159" />
        <source>Cloud project id</source>
        <translation>Cloud-Projekt-ID</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/dock.py" line="160" />
        <source>Project:</source>
        <translation>Projekt:</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/dock.py" line="164" />
        <source>Service-account key:</source>
        <translation>Dienstkonto-Schlüssel:</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/dock.py" line="165" />
        <source>Not signed in</source>
        <translation>Nicht angemeldet</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/dock.py" line="166" />
        <source>Sign in</source>
        <translation>Anmelden</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/dock.py" line="168" />
        <source>Check availability</source>
        <translation>Verfügbarkeit prüfen</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/dock.py" line="169" />
        <source>Preview</source>
        <translation>Vorschau</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/dock.py" line="170" />
        <source>Download</source>
        <translation>Herunterladen</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/dock.py" line="173" />
        <source>Batch export</source>
        <translation>Batch-Export</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/dock.py" line="174" />
        <source>Refresh tasks</source>
        <translation>Aufgaben aktualisieren</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/dock.py" line="177" />
        <source>Task</source>
        <translation>Aufgabe</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/dock.py" line="177" />
        <source>Description</source>
        <translation>Beschreibung</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/dock.py" line="177" />
        <source>State</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/dock.py" line="183" />
        <source>4. Scenes</source>
        <translation>4. Szenen</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/dock.py" line="187" />
        <source>Folder:</source>
        <translation>Ordner:</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/dock.py" line="188" />
        <source>Load scenes from folder</source>
        <translation>Szenen aus Ordner laden</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/dock.py" line="192" />
        <source>5. Extract patches</source>
        <translation>5. Patches ausschneiden</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/dock.py" line="194" />
        <source>Dataset name (drawn ROIs):</source>
        <translation>Datensatzname (gezeichnete ROIs):</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/dock.py" line="201" />
        <source>Formats:</source>
        <translation>Formate:</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/dock.py" line="206" />
        <source>stride</source>
        <translation>Schrittweite</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/dock.py" line="208" />
        <source>Patch size:</source>
        <translation>Patchgröße:</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/dock.py" line="209" />
        <source>Extract from visible scene pairs</source>
        <translation>Aus sichtbaren Szenenpaaren ausschneiden</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/dock.py" line="250" />
        <source>Tick at least one season.</source>
        <translation>Mindestens eine Jahreszeit ankreuzen.</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/dock.py" line="262" />
        <source>The ROI layer is empty: draw, pick or sample ROIs first.</source>
        <translation>Der ROI-Layer ist leer: zuerst ROIs zeichnen, auswählen oder ziehen.</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/dock.py" line="320" />
        <source>ROI {} added ({}).</source>
        <translation>ROI {} hinzugefügt ({}).</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/dock.py" line="325" />
        <source>Pick a polygon layer: ROIs are polygons.</source>
        <translation>Einen Polygon-Layer wählen: ROIs sind Polygone.</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/dock.py" line="329" />
        <source>Select one or more polygons in {} first.</source>
        <translation>Zuerst ein oder mehrere Polygone in {} auswählen.</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/dock.py" line="341" />
        <source>{} ROIs added from {}.</source>
        <translation>{} ROIs aus {} hinzugefügt.</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/dock.py" line="364" />
        <source>{} ROIs sampled, {} dropped (overlap or outside Sentinel-2 coverage).</source>
        <translation>{} ROIs gezogen, {} verworfen (Überlappung oder außerhalb der Sentinel-2-Abdeckung).</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/dock.py" line="367" />
        <source>Sampling SEN1-2 ROIs</source>
        <translation>SEN1-2-ROIs werden gezogen</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/dock.py" line="395" />
        <source>Signed in, project {}</source>
        <translation>Angemeldet, Projekt {}</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/dock.py" line="396" />
        <source>Signed in to Earth Engine (project {}).</source>
        <translation>Bei Earth Engine angemeldet (Projekt {}).</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/dock.py" line="398" />
        <source>Signing in to Earth Engine</source>
        <translation>Anmeldung bei Earth Engine</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/dock.py" line="438" />
        <source>{} ROI-seasons have images, {} have none.</source>
        <translation>{} ROI-Jahreszeiten haben Bilder, {} keine.</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/dock.py" line="442" />
        <source>Checking Earth Engine availability</source>
        <translation>Earth-Engine-Verfügbarkeit wird geprüft</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/dock.py" line="460" />
        <source>Preparing Earth Engine previews</source>
        <translation>Earth-Engine-Vorschau wird vorbereitet</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/dock.py" line="477" />
        <source>{} scene pairs downloaded.</source>
        <translation>{} Szenenpaare heruntergeladen.</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/dock.py" line="482" />
        <source>Downloading SEN1-2 scenes</source>
        <translation>SEN1-2-Szenen werden heruntergeladen</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/dock.py" line="490" />
        <source>Starting Earth Engine exports</source>
        <translation>Earth-Engine-Exporte werden gestartet</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/dock.py" line="490" />
        <source>{} export tasks started.</source>
        <translation>{} Exportaufgaben gestartet.</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/dock.py" line="508" />
        <source>Refreshing Earth Engine tasks</source>
        <translation>Earth-Engine-Aufgaben werden aktualisiert</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/dock.py" line="518" />
        <source>Choose the folder that holds the scenes.</source>
        <translation>Den Ordner mit den Szenen wählen.</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/dock.py" line="522" />
        <source>No scene pairs (s1_N.tif with s2_N.tif) under {}.</source>
        <translation>Keine Szenenpaare (s1_N.tif mit s2_N.tif) unter {}.</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/dock.py" line="525" />
        <source>{} scene pairs loaded.</source>
        <translation>{} Szenenpaare geladen.</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/dock.py" line="583" />
        <source>No visible scene pair: show the S1 and S2 layers of at least one ROI.</source>
        <translation>Kein sichtbares Szenenpaar: die S1- und S2-Layer mindestens einer ROI einblenden.</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/dock.py" line="587" />
        <source>Tick PNG and/or GeoTIFF.</source>
        <translation>PNG und/oder GeoTIFF ankreuzen.</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/processing/extract_patches.py" line="95" />
        <source>Patch index</source>
        <translation>Patch-Index</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/dock.py" line="613" />
        <source>{} patch pairs from {} scene pairs in {}.</source>
        <translation>{} Patchpaare aus {} Szenenpaaren in {}.</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/dock.py" line="616" />
        <source>Extracting SEN1-2 patches</source>
        <translation>SEN1-2-Patches werden ausgeschnitten</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/plugin.py" line="58" />
        <source>Sample SEN1-2 ROIs…</source>
        <translation>SEN1-2-ROIs ziehen…</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/plugin.py" line="58" />
        <source>Fetch SEN1-2 scenes…</source>
        <translation>SEN1-2-Szenen holen…</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/plugin.py" line="58" />
        <source>Extract SEN1-2 patches…</source>
        <translation>SEN1-2-Patches ausschneiden…</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/processing/base.py" line="24" />
        <source>SEN1-2</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../sen12_plugin/processing/earthengine_base.py" line="37" />
        <source>ROIs (a 'season' field wins over SEASONS)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../sen12_plugin/processing/sample_rois.py" line="86" />
        <source>Year of the seasons (2017: the paper's)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../sen12_plugin/processing/earthengine_base.py" line="42" />
        <source>Seasons</source>
        <translation>Jahreszeiten</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/processing/earthengine_base.py" line="47" />
        <source>Sentinel-1 VV and VH</source>
        <translation>Sentinel-1 VV und VH</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/processing/earthengine_base.py" line="48" />
        <source>All 13 Sentinel-2 bands</source>
        <translation>Alle 13 Sentinel-2-Bänder</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/processing/earthengine_base.py" line="49" />
        <source>Sentinel-2 level</source>
        <translation>Sentinel-2-Level</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/processing/earthengine_base.py" line="50" />
        <source>Maximum cloud cover of a Sentinel-2 image (%)</source>
        <translation>Maximale Bewölkung eines Sentinel-2-Bildes (%)</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/processing/earthengine_base.py" line="53" />
        <source>Sentinel-1 orbit</source>
        <translation>Sentinel-1-Orbit</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/processing/export_scenes.py" line="98" />
        <source>Earth Engine Cloud project (empty: the plugin's setting)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../sen12_plugin/processing/earthengine_base.py" line="56" />
        <source>Service-account key file (optional)</source>
        <translation>Dienstkonto-Schlüsseldatei (optional)</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/processing/extract_patches.py" line="75" />
        <source>Dataset name for ROIs without a seed</source>
        <translation>Datensatzname für ROIs ohne Seed</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/processing/earthengine_base.py" line="82" />
        <source>Choose at least one season.</source>
        <translation>Mindestens eine Jahreszeit wählen.</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/processing/export_scenes.py" line="46" />
        <source>Export SEN1-2 scenes (Earth Engine batch tasks)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../sen12_plugin/processing/export_scenes.py" line="49" />
        <source>Starts Export.image.toDrive (or toCloudStorage) tasks for the S1 and S2 mosaic of every ROI and season, on the same pinned grid as downloads, for runs too big to download interactively. Follow them with 'Earth Engine export status'; put the finished GeoTIFFs into a folder and extract patches from them.</source>
        <translation type="unfinished" />
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
        <location filename="../sen12_plugin/processing/export_scenes.py" line="81" />
        <source>ROI {} {}: tasks {}</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../sen12_plugin/processing/export_scenes.py" line="92" />
        <source>Earth Engine export status</source>
        <translation>Earth-Engine-Exportstatus</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/processing/export_scenes.py" line="95" />
        <source>Lists your Earth Engine export tasks with their state (run again to refresh).</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../sen12_plugin/processing/export_scenes.py" line="100" />
        <source>Tasks</source>
        <translation>Aufgaben</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/processing/extract_patches.py" line="44" />
        <source>Extract SEN1-2 patch pairs</source>
        <translation>SEN1-2-Patchpaare ausschneiden</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/processing/extract_patches.py" line="47" />
        <source>Cuts a co-registered Sentinel-1 (VV, dB) / Sentinel-2 (B4, B3, B2) scene pair into patch pairs as in SEN1-2: S1 clipped to -25..0 dB, S2 to 0..10000, both scaled to 8 bit and stretched per band (2-98 percentile over the scene), 256 x 256 px at stride 128; patches with any no-data pixel are dropped. Writes ROIs{seed}_{season}/s1_{scene}/..._p{n}.png and the s2_ twins (GeoTIFF patches with the original values on request) and OUTPUT/patch_index.gpkg. If the grids differ, S1 is resampled onto the S2 grid. A re-run skips finished patch pairs.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../sen12_plugin/processing/extract_patches.py" line="58" />
        <source>Sentinel-1 scene (VV, dB)</source>
        <translation>Sentinel-1-Szene (VV, dB)</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/processing/extract_patches.py" line="59" />
        <source>Sentinel-2 scene (B4, B3, B2)</source>
        <translation>Sentinel-2-Szene (B4, B3, B2)</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/processing/fetch_scenes.py" line="63" />
        <source>Output folder</source>
        <translation>Ausgabeordner</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/processing/extract_patches.py" line="61" />
        <source>Patch size (px)</source>
        <translation>Patchgröße (px)</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/processing/extract_patches.py" line="64" />
        <source>Stride (px)</source>
        <translation>Schrittweite (px)</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/processing/extract_patches.py" line="67" />
        <source>Seed of the ROI (empty for drawn ROIs)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../sen12_plugin/processing/extract_patches.py" line="70" />
        <source>Season (empty: the seed's season)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../sen12_plugin/processing/extract_patches.py" line="72" />
        <source>Scene number (the ROI id)</source>
        <translation>Szenennummer (die ROI-ID)</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/processing/extract_patches.py" line="78" />
        <source>Formats</source>
        <translation>Formate</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/processing/extract_patches.py" line="81" />
        <source>Contrast stretch</source>
        <translation>Kontraststreckung</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/processing/extract_patches.py" line="106" />
        <source>Choose a Sentinel-1 and a Sentinel-2 raster layer.</source>
        <translation>Einen Sentinel-1- und einen Sentinel-2-Rasterlayer wählen.</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/processing/extract_patches.py" line="112" />
        <source>Give a SEASON (e.g. summer): only the paper's seeds have a season of their own.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../sen12_plugin/processing/extract_patches.py" line="149" />
        <source>{dataset}, scene {scene}: {kept} patch pairs ({written} written, {skipped} already there), {dropped} dropped for no-data, of {total} grid positions. Index: {index}</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../sen12_plugin/processing/fetch_scenes.py" line="46" />
        <source>Fetch SEN1-2 scenes from Earth Engine</source>
        <translation>SEN1-2-Szenen aus Earth Engine holen</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/processing/fetch_scenes.py" line="49" />
        <source>For every ROI and season: asks Earth Engine how many Sentinel-1 GRD (IW, VV) and Sentinel-2 L1C (cloud &lt;= 1 %, B4 B3 B2) images match, drops ROIs without images (DROPPED, with the reason), and downloads the two mosaics (mosaic, clip, 10 m) on one pinned UTM grid as cloud-optimized GeoTIFFs: OUTPUT/ROIs{seed}_{season}/scenes/s1_{id}.tif and s2_{id}.tif. Tiled, parallel, retried and resumable. With REQUEST_ONLY nothing is contacted: OUTPUT/requests.json holds the exact expression graph of every request.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../sen12_plugin/processing/fetch_scenes.py" line="61" />
        <source>Only write the requests (requests.json), contact nothing</source>
        <translation>Nur die Anfragen schreiben (requests.json), nichts kontaktieren</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/processing/sample_rois.py" line="98" />
        <source>Dropped ROIs (with reason)</source>
        <translation>Verworfene ROIs (mit Grund)</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/processing/fetch_scenes.py" line="67" />
        <source>Scene pairs on disk</source>
        <translation>Szenenpaare auf der Festplatte</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/processing/fetch_scenes.py" line="68" />
        <source>requests.json</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../sen12_plugin/processing/fetch_scenes.py" line="85" />
        <source>Wrote {} requests to {} (nothing was contacted).</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../sen12_plugin/processing/fetch_scenes.py" line="100" />
        <source>{} scene pairs on disk, {} ROI-seasons dropped.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../sen12_plugin/processing/preview_mosaics.py" line="29" />
        <source>Preview SEN1-2 mosaics (Earth Engine tiles)</source>
        <translation>SEN1-2-Mosaike ansehen (Earth-Engine-Kacheln)</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/processing/preview_mosaics.py" line="32" />
        <source>Adds the Sentinel-1 and Sentinel-2 mosaic of every ROI and season as Earth Engine map tiles, styled like the recipe: S1 grey -25..0 dB, S2 B4 B3 B2 0..10000, or with STRETCH the recipe's 2-98 % stretch computed by Earth Engine. Nothing is downloaded.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../sen12_plugin/processing/preview_mosaics.py" line="40" />
        <source>Per-scene 2-98 % stretch (one more request per mosaic)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../sen12_plugin/processing/preview_mosaics.py" line="42" />
        <source>Preview layers</source>
        <translation>Vorschau-Layer</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/processing/sample_rois.py" line="62" />
        <source>Sample ROIs (SEN1-2 seeds)</source>
        <translation>ROIs ziehen (SEN1-2-Seeds)</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/processing/sample_rois.py" line="65" />
        <source>Samples ROIs as the SEN1-2 paper did: per seed, random points (uniform by area) over land masses and over urban areas, a square around each, one season per seed (1158 spring, 1868 summer, 1970 fall, 2017 winter). ROIs outside Sentinel-2 coverage (56°S-84°N) or overlapping an earlier ROI are dropped; the DROPPED output lists them with the reason. Same seeds, same ROIs, on every machine.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../sen12_plugin/processing/sample_rois.py" line="74" />
        <source>Seeds (comma-separated)</source>
        <translation>Seeds (durch Kommas getrennt)</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/processing/sample_rois.py" line="77" />
        <source>Points over land per seed</source>
        <translation>Punkte über Land pro Seed</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/processing/sample_rois.py" line="80" />
        <source>Points over urban areas per seed</source>
        <translation>Punkte über Stadtgebieten pro Seed</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/processing/sample_rois.py" line="83" />
        <source>ROI size (km)</source>
        <translation>ROI-Größe (km)</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/processing/sample_rois.py" line="89" />
        <source>Land mask (default: Natural Earth 1:50m land)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../sen12_plugin/processing/sample_rois.py" line="92" />
        <source>Urban areas (polygons or city points; default: Natural Earth cities)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../sen12_plugin/processing/sample_rois.py" line="96" />
        <source>ROIs</source>
        <translation>ROIs</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/processing/sample_rois.py" line="107" />
        <source>Land mask: {}</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../sen12_plugin/processing/sample_rois.py" line="124" />
        <source>Dropped ROI {} of seed {}: {}</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../sen12_plugin/processing/sample_rois.py" line="131" />
        <source>{} ROIs kept, {} dropped.</source>
        <translation>{} ROIs behalten, {} verworfen.</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/dock.py" line="213" />
        <source>6. Review and publish</source>
        <translation>6. Prüfen und veröffentlichen</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/dock.py" line="216" />
        <source>Patch index:</source>
        <translation>Patch-Index:</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/dock.py" line="217" />
        <source>Keys: N next, P previous, A accept, R reject, T toggle S1/S2</source>
        <translation>Tasten: N weiter, P zurück, A annehmen, R verwerfen, T S1/S2 umschalten</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/dock.py" line="221" />
        <source>Start review</source>
        <translation>Prüfung starten</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/dock.py" line="222" />
        <source>Stop</source>
        <translation>Beenden</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/dock.py" line="226" />
        <source>Split by:</source>
        <translation>Aufteilen nach:</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/dock.py" line="227" />
        <source>Apply decisions, make splits, write the dataset card</source>
        <translation>Entscheidungen anwenden, Aufteilung erstellen, Datensatzkarte schreiben</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/dock.py" line="557" />
        <source>Choose the patch index layer (extract patches first).</source>
        <translation>Den Patch-Index-Layer wählen (zuerst Patches ausschneiden).</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/dock.py" line="570" />
        <source>{} pairs kept ({} files moved to _rejected, {} brought back); splits {}; card {}.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../sen12_plugin/gui/dock.py" line="573" />
        <source>Publishing the SEN1-2 dataset</source>
        <translation>SEN1-2-Datensatz wird veröffentlicht</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/review.py" line="36" />
        <source>{} is not a patch index (no qc_status / decision fields).</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../sen12_plugin/gui/review.py" line="70" />
        <source>Nothing to review.</source>
        <translation>Nichts zu prüfen.</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/gui/review.py" line="80" />
        <source>{}/{}: {} scene {} p{} - {} {}{}</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../sen12_plugin/gui/review.py" line="80" />
        <source> - decided: {}</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../sen12_plugin/gui/review.py" line="122" />
        <source>Cannot write the decision into {}.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../sen12_plugin/processing/extract_patches.py" line="83" />
        <source>Quality checks (scene and patches; results in the index)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../sen12_plugin/processing/extract_patches.py" line="147" />
        <source>Scene check: {} {}</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../sen12_plugin/processing/quality_algorithms.py" line="65" />
        <source>{} is not a folder.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../sen12_plugin/processing/quality_algorithms.py" line="76" />
        <source>Check SEN1-2 scenes (no-data, cloud, colour, seamlines)</source>
        <translation>SEN1-2-Szenen prüfen (No-Data, Wolken, Farbe, Nahtlinien)</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/processing/quality_algorithms.py" line="79" />
        <source>Runs the scene checks on every s1_N.tif / s2_N.tif pair under the folder, stores each verdict as scene_N_qc.json beside the scene and lists pass / review / reject with reasons.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../sen12_plugin/processing/quality_algorithms.py" line="83" />
        <source>Folder with scenes</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../sen12_plugin/processing/quality_algorithms.py" line="84" />
        <source>Scene checks</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../sen12_plugin/processing/quality_algorithms.py" line="114" />
        <source>Apply review decisions to the dataset folders</source>
        <translation>Prüfentscheidungen auf die Datensatzordner anwenden</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/processing/quality_algorithms.py" line="117" />
        <source>Moves the files of rejected patch pairs (the analyst's decision, else the automatic check) to OUTPUT/_rejected/ and brings back pairs accepted again. Nothing is deleted.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../sen12_plugin/processing/quality_algorithms.py" line="180" />
        <source>Dataset folder (with patch_index.gpkg)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../sen12_plugin/processing/quality_algorithms.py" line="138" />
        <source>Make train / validation / test splits</source>
        <translation>Trainings-/Validierungs-/Testaufteilung erstellen</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/processing/quality_algorithms.py" line="141" />
        <source>Deterministic splits of the accepted patch pairs by scene, ROI or season (a group never spans two splits), written to OUTPUT/splits/{by}/train.txt, val.txt and test.txt.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../sen12_plugin/processing/quality_algorithms.py" line="146" />
        <source>Split by</source>
        <translation>Aufteilen nach</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/processing/quality_algorithms.py" line="147" />
        <source>Training share</source>
        <translation>Trainingsanteil</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/processing/quality_algorithms.py" line="149" />
        <source>Validation share</source>
        <translation>Validierungsanteil</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/processing/quality_algorithms.py" line="151" />
        <source>Seed</source>
        <translation>Seed</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/processing/quality_algorithms.py" line="152" />
        <source>Training list</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../sen12_plugin/processing/quality_algorithms.py" line="161" />
        <source>Split by {}: {}</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../sen12_plugin/processing/quality_algorithms.py" line="172" />
        <source>Write the dataset card</source>
        <translation>Datensatzkarte schreiben</translation>
    </message>
    <message>
        <location filename="../sen12_plugin/processing/quality_algorithms.py" line="175" />
        <source>Writes dataset_card.json and dataset_card.md: recipe ({}), collections, Earth Engine image ids, dates, ROIs, counts before and after each check, thresholds, tool version and the Copernicus attribution.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../sen12_plugin/processing/quality_algorithms.py" line="181" />
        <source>Dataset card (Markdown)</source>
        <translation type="unfinished" />
    </message>
</context>
</TS>