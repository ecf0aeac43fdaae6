// Package layers holds no code: its test checks the import rule of
// docs/architecture.md against the code. Every package has a layer;
// a package imports only packages of lower layers, or of its own layer
// where the table allows it, and the engine, the model and the case-file
// reader keep the separations the architecture names.
package layers
