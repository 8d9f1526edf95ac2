//! The take-home pay calculator: API, CLI and page (being written).
