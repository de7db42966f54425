package cli

import (
	"context"
	"fmt"
)

// migrator is implemented by backends whose schema winnow manages.
type migrator interface {
	Migrate(ctx context.Context) ([]string, error)
	SchemaVersion(ctx context.Context) (int, error)
}

func runMigrate(ctx context.Context, env *Env, args []string) error {
	f := newFlags(env, "migrate", true, false)
	if err := f.parse(args); err != nil {
		return err
	}
	if err := f.wantArgs(0, 0); err != nil {
		return err
	}
	// Open without migrating so this command can say what it applied.
	st, err := openStore(ctx, f.db, withoutMigrations)
	if err != nil {
		return err
	}
	defer st.Close()
	m, ok := st.(migrator)
	if !ok {
		return fmt.Errorf("this backend does not manage its schema")
	}
	applied, err := m.Migrate(ctx)
	if err != nil {
		return err
	}
	version, err := m.SchemaVersion(ctx)
	if err != nil {
		return err
	}
	for _, name := range applied {
		fmt.Fprintf(env.Stdout, "applied %s\n", name)
	}
	fmt.Fprintf(env.Stdout, "schema version %d (%s)\n", version, redactDSN(f.db))
	return nil
}
