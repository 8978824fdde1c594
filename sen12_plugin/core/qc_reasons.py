"""The kinds of reason a quality check gives, as the index, the card and the review queue name
them (a closed vocabulary: the index stores them comma-separated in ``qc_flags``)."""

NODATA, CLOUD, CLOUD_OR_SNOW, SNOW, SHADOW, SEAM, COLOUR, OFFSET, INPUT = (
    "nodata", "cloud", "cloud_or_snow", "snow", "shadow", "seam", "colour", "offset", "input")
REASONS = (NODATA, CLOUD, CLOUD_OR_SNOW, SNOW, SHADOW, SEAM, COLOUR, OFFSET, INPUT)
