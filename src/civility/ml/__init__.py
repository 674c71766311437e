"""Training and inference code of the abuse models: data, features, calibration, spans."""
