package cli

import (
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	"github.com/mattn/go-runewidth"
)

// progress draws a one-line bar on a terminal, redrawn in place with \r:
//
//	[##########··········]  30/60 任务  1,812 项分解任务  0.4s
//
// With an unknown total it shows a spinner and the elapsed time. A
// progress that is off draws nothing. It is safe for concurrent use.
type progress struct {
	mu    sync.Mutex
	w     io.Writer
	on    bool
	start time.Time
	last  time.Time
	width int // of the last line drawn, to blank it
	spin  int
	stop  chan struct{}
	done  chan struct{}
}

const barWidth = 20

func newProgress(w io.Writer, on bool) *progress {
	return &progress{w: w, on: on, start: time.Now()}
}

// set draws done out of total (total ≤ 0: unknown) with a label, at most
// ten times a second unless force.
func (p *progress) set(done, total int, label string, force bool) {
	if p == nil || !p.on {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	now := time.Now()
	if !force && now.Sub(p.last) < 100*time.Millisecond {
		return
	}
	p.last = now
	var line string
	elapsed := now.Sub(p.start).Round(100 * time.Millisecond)
	if total > 0 {
		n := min(barWidth, done*barWidth/total)
		line = fmt.Sprintf("[%s%s] %*d/%d %s  %v", strings.Repeat("#", n), strings.Repeat("·", barWidth-n),
			len(fmt.Sprint(total)), done, total, label, elapsed)
	} else {
		frames := `|/-\`
		p.spin = (p.spin + 1) % len(frames)
		line = fmt.Sprintf("%c %s  %v", frames[p.spin], label, elapsed)
	}
	pad := max(0, p.width-displayWidth(line))
	fmt.Fprintf(p.w, "\r%s%s", line, strings.Repeat(" ", pad))
	p.width = displayWidth(line)
}

// spinUntil redraws label every 100 ms, with a spinner, until finish.
func (p *progress) spinUntil(label string) {
	if p == nil || !p.on {
		return
	}
	p.stop, p.done = make(chan struct{}), make(chan struct{})
	go func() {
		defer close(p.done)
		t := time.NewTicker(100 * time.Millisecond)
		defer t.Stop()
		for {
			p.set(0, 0, label, true)
			select {
			case <-p.stop:
				return
			case <-t.C:
			}
		}
	}()
}

// finish stops a spinner and ends the line.
func (p *progress) finish() {
	if p == nil || !p.on {
		return
	}
	if p.stop != nil {
		close(p.stop)
		<-p.done
		p.stop = nil
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.width > 0 {
		fmt.Fprintln(p.w)
		p.width = 0
	}
}

// displayWidth is the number of terminal columns s takes: two for a wide
// (CJK) character, none for a combining mark, by the Unicode East Asian
// Width tables.
func displayWidth(s string) int { return runewidth.StringWidth(s) }
