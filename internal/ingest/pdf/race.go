//go:build race

package pdf

// raceBuild: the race detector maps terabytes of shadow memory, which no
// RLIMIT_DATA allows, so a race-enabled build extracts without a memory
// limit.
const raceBuild = true
