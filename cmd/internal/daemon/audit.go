package daemon

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"sync"
	"time"

	"github.com/zerenlab/zeren/cmd/internal/store"
)

func (c *Config) registerAuditFlags(fs *flag.FlagSet, env func(name, usage string) string) {
	fs.StringVar(&c.AuditKeyFile, "audit-key-file", "", env("audit-key-file", "file holding the audit key (at least 32 bytes, e.g. head -c 32 /dev/urandom | base64); or give the key itself in ZEREN_AUDIT_KEY"))
	fs.StringVar(&c.AuditCheckpointFile, "audit-checkpoint-file", "", env("audit-checkpoint-file", "file outside the database to append signed checkpoints of the audit log's head to"))
	fs.DurationVar(&c.AuditCheckpointInterval, "audit-checkpoint-interval", 10*time.Minute, env("audit-checkpoint-interval", "how often to checkpoint the audit log's head when it has moved"))
	fs.BoolVar(&c.InsecureAudit, "insecure-audit", false, env("insecure-audit", "allow starting without an audit key: the audit log can then be rewritten undetected by whoever can write the database"))
}

func (c *Config) validateAudit() []error {
	var errs []error
	if c.AuditKeyFile != "" && c.AuditKey != "" {
		errs = append(errs, errors.New("audit key: both -audit-key-file (ZEREN_AUDIT_KEY_FILE) and ZEREN_AUDIT_KEY are set: give one"))
	}
	if c.AuditCheckpointInterval <= 0 {
		errs = append(errs, fmt.Errorf("audit-checkpoint-interval %v must be positive", c.AuditCheckpointInterval))
	}
	return errs
}

// LoadAuditKey reads the audit key from AuditKeyFile or AuditKey. Without
// either it returns nil when Dev or InsecureAudit allows it, and an error
// saying how to make a key otherwise.
func (c *Config) LoadAuditKey() (*store.AuditKey, error) {
	switch {
	case c.AuditKeyFile != "":
		return store.ReadAuditKeyFile(c.AuditKeyFile)
	case c.AuditKey != "":
		return store.ParseAuditKey([]byte(c.AuditKey))
	case c.Dev || c.InsecureAudit:
		return nil, nil
	}
	return nil, errors.New("no audit key configured: the audit log would be a plain hash chain that whoever can write the database " +
		"can rewrite undetected. Make a key outside the database, e.g. `head -c 32 /dev/urandom | base64 > /etc/zeren/audit.key; " +
		"chmod 600 /etc/zeren/audit.key`, and give it with -audit-key-file (ZEREN_AUDIT_KEY_FILE) or ZEREN_AUDIT_KEY; " +
		"-insecure-audit starts without one" +
		"\n未配置审计密钥：没有密钥，能写数据库的人即可改写审计日志而不被发现。请在数据库之外生成密钥，例如 " +
		"`head -c 32 /dev/urandom | base64 > /etc/zeren/audit.key; chmod 600 /etc/zeren/audit.key`，" +
		"并用 -audit-key-file（ZEREN_AUDIT_KEY_FILE）或 ZEREN_AUDIT_KEY 给出；-insecure-audit 可在无密钥时启动")
}

// checkpointer writes signed checkpoints of the audit log's head to the log
// and, when configured, to a file: at start, every interval when the head
// has moved, and on shutdown.
type checkpointer struct {
	db   *store.DB
	log  *slog.Logger
	file *os.File // nil when not configured
	now  func() time.Time

	mu   sync.Mutex
	last store.Checkpoint

	stop chan struct{}
	done chan struct{}
}

func startCheckpointer(ctx context.Context, db *store.DB, log *slog.Logger, path string, every time.Duration) (*checkpointer, error) {
	// Checkpoints outlive the start-up context: the last one is written on
	// shutdown, after a signal cancelled it.
	ctx = context.WithoutCancel(ctx)
	c := &checkpointer{db: db, log: log, now: time.Now, stop: make(chan struct{}), done: make(chan struct{})}
	if path != "" {
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
		if err != nil {
			return nil, fmt.Errorf("audit checkpoint file: %w", err)
		}
		c.file = f
	}
	if err := c.write(ctx, true); err != nil {
		c.closeFile()
		return nil, err
	}
	go func() {
		defer close(c.done)
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			select {
			case <-c.stop:
				return
			case <-t.C:
				if err := c.write(ctx, false); err != nil {
					log.Error("audit checkpoint failed", "err", err.Error())
				}
			}
		}
	}()
	return c, nil
}

// write takes a checkpoint and records it, when the head has moved or
// always.
func (c *checkpointer) write(ctx context.Context, always bool) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	cp, err := c.db.Checkpoint(ctx, c.now())
	if err != nil {
		return err
	}
	if !always && cp.Seq == c.last.Seq && cp.Hash == c.last.Hash {
		return nil
	}
	c.log.Info("audit checkpoint", "checkpoint", cp)
	c.last = cp
	if c.file == nil {
		return nil
	}
	line, err := json.Marshal(cp)
	if err != nil {
		return err
	}
	if _, err := c.file.Write(append(line, '\n')); err != nil {
		return fmt.Errorf("audit checkpoint file: %w", err)
	}
	if err := c.file.Sync(); err != nil {
		return fmt.Errorf("audit checkpoint file: %w", err)
	}
	return nil
}

// close stops the ticker, writes a last checkpoint and closes the file.
func (c *checkpointer) close(ctx context.Context) error {
	close(c.stop)
	<-c.done
	err := c.write(ctx, true)
	return errors.Join(err, c.closeFile())
}

func (c *checkpointer) closeFile() error {
	if c.file == nil {
		return nil
	}
	return c.file.Close()
}

// logAuditKey says how the audit log is keyed, and warns about a key file
// that others than its owner may read.
func logAuditKey(log *slog.Logger, cfg Config, db *store.DB, key *store.AuditKey) {
	if cfg.AuditKeyFile != "" {
		if st, err := os.Stat(cfg.AuditKeyFile); err == nil && st.Mode().Perm()&0o077 != 0 {
			log.Warn("the audit key file is readable by others than its owner: chmod 600 it", "file", cfg.AuditKeyFile, "mode", st.Mode().Perm().String())
		}
	}
	rec := db.KeyRecord()
	switch {
	case key == nil:
		log.Warn("audit log not keyed (-insecure-audit or -dev): whoever can write the database can rewrite it undetected; configure -audit-key-file")
	case rec != nil && rec.Adopted && rec.Since > 0:
		log.Warn("audit key adopted: entries written before it stay unkeyed; keep this line and the checkpoint below as the anchor of the older entries",
			"key_id", rec.KeyID, "keyed_from", rec.Since+1, "unkeyed_entries", rec.Since)
	case rec != nil && rec.Adopted:
		log.Info("audit key adopted", "key_id", rec.KeyID, "keyed_from", rec.Since+1)
	case rec != nil:
		log.Info("audit log keyed", "key_id", rec.KeyID, "keyed_from", rec.Since+1)
	}
}
