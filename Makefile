# The README's commands: `make demo` runs winnow on its embedded sample
# corpus; `make test` runs the tests.
GO ?= go

.PHONY: build demo test race lint bench

build:
	$(GO) build -o bin/winnow ./cmd/winnow

demo:
	$(GO) run ./cmd/winnow demo

test:
	$(GO) test -count=1 ./...

race:
	$(GO) test -race -count=1 ./...

lint:
	$(GO) vet ./...
	test -z "$$(gofmt -l .)"

bench:
	$(GO) test -run='^$$' -bench=. -benchmem ./...
