package cli

import (
	"io"
	"log/slog"

	"github.com/winnow-cti/winnow/internal/config"
)

// setupLogger configures the process-wide slog logger once, from the config.
// Config.Validate has already checked the level and format.
func setupLogger(w io.Writer, cfg config.Config) {
	level, _ := cfg.SlogLevel()
	opts := &slog.HandlerOptions{Level: level}
	var h slog.Handler = slog.NewTextHandler(w, opts)
	if cfg.LogFormat == "json" {
		h = slog.NewJSONHandler(w, opts)
	}
	slog.SetDefault(slog.New(h))
}
