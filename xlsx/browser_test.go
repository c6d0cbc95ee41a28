package xlsx_test

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zerenlab/zeren/analytics"
	"github.com/zerenlab/zeren/report"
	"github.com/zerenlab/zeren/sample"
)

// chromium finds a headless-capable Chromium. Locally its absence skips the
// browser test; in CI (CI=true), which installs Debian's chromium, it fails.
func chromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "headless-shell"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("chromium is not installed, and CI must run the browser test (apt-get install chromium fonts-noto-cjk)")
	}
	t.Skip("chromium is not installed: skipping the browser test (apt-get install chromium fonts-noto-cjk to run it)")
	return ""
}

// artefacts is where the browser test keeps its screenshot and PDF:
// $ZEREN_ARTIFACT_DIR when set (CI keeps it), else a temporary directory.
func artefacts(t *testing.T) string {
	if d := os.Getenv("ZEREN_ARTIFACT_DIR"); d != "" {
		require.NoError(t, os.MkdirAll(d, 0o755))
		return d
	}
	return t.TempDir()
}

func sampleReport(t *testing.T) (report.Input, []byte) {
	t.Helper()
	y := sampleYear(t)
	in := report.Input{
		Title: "2026年度示例市直机关党建工作责任制落实情况报告", Author: "中共示例市直属机关工作委员会",
		AsOf: time.Date(2027, 1, 1, 0, 0, 0, 0, sample.Location), Hierarchy: y.h, Plan: y.plan,
		Assignments: y.sim.Assignments, Findings: y.sim.Findings, Cases: y.sim.Cases, System: y.system,
		Results: y.results, Facts: sample.Facts2026(), Reviews: sample.Reviews2026(),
		Triggers: sample.Triggers(), Proposals: y.proposals,
	}
	var buf bytes.Buffer
	require.NoError(t, report.Render(&buf, in))
	return in, buf.Bytes()
}

func TestAnnualReportInARealBrowser(t *testing.T) {
	exe := chromium(t)
	in, html := sampleReport(t)
	dir := artefacts(t)
	file := filepath.Join(dir, "report.html")
	require.NoError(t, os.WriteFile(file, html, 0o644))

	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(exe), chromedp.NoSandbox,
		chromedp.DisableGPU, chromedp.WindowSize(1240, 1754))
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancelA()

	var mu sync.Mutex
	var consoleErrors, failed, fetched []string
	listen := func(ev any) {
		mu.Lock()
		defer mu.Unlock()
		switch e := ev.(type) {
		case *runtime.EventConsoleAPICalled:
			if e.Type == runtime.ConsoleAPICalledTypeError || e.Type == runtime.ConsoleAPICalledTypeWarning {
				consoleErrors = append(consoleErrors, "console."+string(e.Type))
			}
		case *runtime.EventExceptionThrown:
			consoleErrors = append(consoleErrors, e.ExceptionDetails.Text)
		case *log.EventEntryAdded:
			if e.Entry.Level == log.EntryLevelError {
				consoleErrors = append(consoleErrors, e.Entry.Text+" "+e.Entry.URL)
			}
		case *network.EventLoadingFailed:
			failed = append(failed, e.ErrorText)
		case *network.EventRequestWillBeSent:
			if u := e.Request.URL; !strings.HasPrefix(u, "file://") && !strings.HasPrefix(u, "data:") {
				fetched = append(fetched, u)
			}
		}
	}
	ctx, cancel := chromedp.NewContext(actx, chromedp.WithListener(listen))
	defer cancel()
	// The first run starts the browser, with no timeout on its context.
	require.NoError(t, chromedp.Do(ctx, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		if _, err := cdp.Call(ctx, tg, log.Enable, cdp.Empty{}); err != nil {
			return err
		}
		_, err := cdp.Call(ctx, tg, network.Enable, network.EnableParams{})
		return err
	})))
	tctx, cancelT := context.WithTimeout(ctx, 90*time.Second)
	defer cancelT()
	require.NoError(t, chromedp.Do(tctx, chromedp.Navigate("file://"+file), chromedp.WaitReady("#ranking")))
	run := func(js string) int {
		n, err := chromedp.Run(tctx, chromedp.Evaluate[int](js))
		require.NoError(t, err, js)
		return n
	}
	title, err := chromedp.Run(tctx, chromedp.Title())
	require.NoError(t, err)
	levelBars := run(`document.querySelectorAll('#chart-levels rect.bar').length`)
	gradeBars := run(`document.querySelectorAll('#chart-grades rect.bar').length`)
	points := run(`document.querySelectorAll('#chart-gap circle.point').length`)
	units := run(`document.querySelectorAll('div.unit').length`)
	ranking, err := chromedp.Run(tctx, chromedp.Evaluate[[][]string](
		`[...document.querySelectorAll('#ranking tbody tr')].map(r => [r.dataset.unit, ...[...r.cells].slice(0, 3).map(c => c.innerText.trim())])`))
	require.NoError(t, err)
	// Labels must not run into each other: no two texts of a chart overlap.
	overlaps, err := chromedp.Run(tctx, chromedp.Evaluate[[]string](`(() => {
		const out = [];
		for (const svg of document.querySelectorAll('svg.chart')) {
			const boxes = [...svg.querySelectorAll('text')].map(t => [t.textContent, t.getBoundingClientRect()]);
			for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
				const [a, ra] = boxes[i], [b, rb] = boxes[j];
				if (ra.left < rb.right - 1 && rb.left < ra.right - 1 && ra.top < rb.bottom - 1 && rb.top < ra.bottom - 1)
					out.push(svg.id + ': ' + a + ' / ' + b);
			}
		}
		return out;
	})()`))
	require.NoError(t, err)
	png, err := chromedp.Run(tctx, chromedp.FullScreenshot(100))
	require.NoError(t, err)
	pdf, err := chromedp.Run(tctx, func(ctx context.Context, tg *chromedp.Target) ([]byte, error) {
		res, err := cdp.Call(ctx, tg, page.PrintToPDF, page.PrintToPDFParams{
			PaperWidth: 8.27, PaperHeight: 11.69, PreferCSSPageSize: ptr(true), PrintBackground: ptr(true)})
		return res.Data, err
	})
	require.NoError(t, err)

	mu.Lock()
	assert.Empty(t, consoleErrors, "no console errors")
	assert.Empty(t, failed, "no failed requests")
	assert.Empty(t, fetched, "nothing fetched from the network")
	mu.Unlock()

	assert.Equal(t, in.Title, title)
	att := analytics.PressureAttenuation(in.Hierarchy, in.Assignments, in.Results, in.AsOf)
	assert.Equal(t, 2*len(att.Levels), levelBars, "completion and on-time bars per level")
	assert.Equal(t, len(in.System.GetGradeScale().GetGrades()), gradeBars, "a bar per grade")
	assert.Equal(t, len(analytics.PartyBusinessGap(in.Results, in.Facts).Units), points, "a point per unit with a business score")
	assert.Equal(t, len(in.Results), units, "a derivation page per unit")

	require.Len(t, ranking, len(in.Results))
	for i, r := range in.Results { // the run's results come in rank order
		u, _ := in.Hierarchy.Unit(r.GetUnitId())
		assert.Equal(t, []string{r.GetUnitId(), strconv.Itoa(int(r.GetRank())), u.GetShortName(), r.GetScore()}, ranking[i])
	}

	assert.Empty(t, overlaps, "chart labels do not overlap")
	require.True(t, bytes.HasPrefix(pdf, []byte("%PDF-")), "printed to PDF")
	pages := bytes.Count(pdf, []byte("/Type /Page\n")) + bytes.Count(pdf, []byte("/Type /Page/")) + bytes.Count(pdf, []byte("/Type /Page "))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "report.pdf"), pdf, 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "report.png"), png, 0o644))
	t.Logf("report artefacts: %s (report.html, report.png, report.pdf: %d bytes, %d page objects)", dir, len(pdf), pages)
}

func ptr[T any](v T) *T { return &v }
