package clean

import "strings"

// plainBlocks splits plain text into paragraphs at blank lines. Lines inside
// a paragraph stay as lines here; finish joins them when they look
// hard-wrapped, after boilerplate rules have seen each line on its own.
func plainBlocks(body string) []block {
	var (
		blocks  []block
		current []string
	)
	flush := func() {
		if len(current) > 0 {
			blocks = append(blocks, block{text: strings.Join(current, "\n"), wrap: true})
			current = nil
		}
	}
	for _, line := range strings.Split(body, "\n") {
		if strings.TrimSpace(normalizeText(line)) == "" {
			flush()
			continue
		}
		current = append(current, line)
	}
	flush()
	return blocks
}
