/// The version `echelon --version` prints.
let echelonVersion = "0.1.0"
