package extract

import (
	"fmt"
	"os"
	"testing"
	"time"
)

func TestZZTry(t *testing.T) {
	gaz, _ := fallbackGazetteer()
	text, _ := os.ReadFile("/tmp/try.txt")
	res := Extract(string(text), Options{Gazetteer: gaz, Published: time.Date(2023, 12, 22, 0, 0, 0, 0, time.UTC)})
	for _, m := range res.Mentions {
		fmt.Printf("  m %s %q %s\n", m.Kind, m.Text, m.EntityKey)
	}
	for _, c := range res.Claims {
		fmt.Println("   ", ClaimString(c))
	}
}
