package daemon

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zerenlab/zeren/cmd/internal/store"
)

func TestReadyzIsUnavailableWhileDrainingOrWithoutTheStore(t *testing.T) {
	t.Parallel()
	db, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "zeren.db"))
	require.NoError(t, err)
	d := &Daemon{db: db, log: slog.New(slog.DiscardHandler)}
	probe := func() (int, string) {
		rec := httptest.NewRecorder()
		d.ready(rec, httptest.NewRequest(http.MethodGet, "/readyz", nil))
		return rec.Code, rec.Body.String()
	}
	code, body := probe()
	assert.Equal(t, http.StatusOK, code)
	assert.Equal(t, "ready\n", body)

	d.draining.Store(true)
	code, body = probe()
	assert.Equal(t, http.StatusServiceUnavailable, code)
	assert.Equal(t, "shutting down\n", body)

	d.draining.Store(false)
	require.NoError(t, db.Close())
	code, body = probe()
	assert.Equal(t, http.StatusServiceUnavailable, code)
	assert.Equal(t, "store unavailable\n", body)
}
