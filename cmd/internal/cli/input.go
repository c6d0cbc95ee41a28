package cli

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"regexp"
	"strings"
	"time"

	"google.golang.org/protobuf/proto"

	"github.com/zerenlab/zeren/assessment"
	"github.com/zerenlab/zeren/calendar"
	"github.com/zerenlab/zeren/checklist"
	"github.com/zerenlab/zeren/frameworks"
	"github.com/zerenlab/zeren/people"
	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
	"github.com/zerenlab/zeren/responsibility"
	"github.com/zerenlab/zeren/sample"
)

// fail prints err for command cmd in lg and returns its exit code:
// ExitProblems when the input was read but is not valid (every problem is
// listed), ExitUsage when it could not be read.
func fail(env Env, lg lang, cmd string, err error) int {
	fmt.Fprintf(env.Stderr, "%s%s%s\n", cmd, lg.t("：", ": "), localize(lg, err))
	var rv *responsibility.ValidationError
	var cv *checklist.ValidationError
	var av *assessment.ValidationError
	var de *calendar.DateError
	var pv *people.ValidationError
	if errors.As(err, &rv) || errors.As(err, &cv) || errors.As(err, &av) || errors.As(err, &de) || errors.As(err, &pv) {
		return ExitProblems
	}
	return ExitUsage
}

// zher is an error that reads in Chinese too (cel, assessment, dates, and
// every validation error once they carry Zh).
type zher interface {
	error
	Zh() string
}

var (
	reDecode = regexp.MustCompile(`decode ([^()\n]+) \((json|textproto)\): (?:at ([^:\n]+): )?`)
	reCount  = regexp.MustCompile(`^(responsibility|checklist|zeren): (\d+) problem\(s\) in the input`)
)

// localize renders err in lg: in Chinese, the innermost part that has a
// Chinese text (Zh) is replaced by it, a validation error without one is
// headed in Chinese, and a document that could not be decoded is named in
// Chinese; in English, err.Error().
func localize(lg lang, err error) string {
	s := err.Error()
	if lg == "en" {
		return s
	}
	var z zher
	if errors.As(err, &z) {
		if inner := z.Error(); inner != "" && strings.Contains(s, inner) {
			s = strings.Replace(s, inner, z.Zh(), 1)
		}
	}
	var pe *fs.PathError
	if errors.As(err, &pe) {
		s = strings.Replace(s, pe.Error(), readError(lg, pe.Path, pe.Err), 1)
	}
	s = reDecode.ReplaceAllStringFunc(s, func(m string) string {
		g := reDecode.FindStringSubmatch(m)
		doc := documentZh[g[1]]
		if doc == "" {
			doc = g[1]
		}
		if g[3] != "" {
			return fmt.Sprintf("无法解析%s（%s），位置 %s：", doc, g[2], g[3])
		}
		return fmt.Sprintf("无法解析%s（%s）：", doc, g[2])
	})
	s = reCount.ReplaceAllString(s, "$1：输入中有 $2 处问题")
	return s
}

// documentZh names the library's documents in Chinese.
var documentZh = map[string]string{
	"structure": "组织结构", "framework": "责任体系", "plan": "年度清单", "indicator system": "指标体系",
	"review scheme": "述职评议方案", "reviews": "述职评议", "facts": "单位数据", "triggers": "问责情形", "calendar": "工作日历",
}

// readError says why a file could not be read.
func readError(lg lang, name string, err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	switch {
	case lg == "en":
		return fmt.Sprintf("%s: %v", name, err)
	case errors.Is(err, fs.ErrNotExist):
		return fmt.Sprintf("%s：文件不存在", name)
	case errors.Is(err, fs.ErrPermission):
		return fmt.Sprintf("%s：没有读取权限", name)
	}
	return fmt.Sprintf("%s：无法读取（%v）", name, err)
}

// loadHierarchy builds the hierarchy of a structure file (default: 示例市)
// and a framework file (default: the built-in framework the structure
// names).
func loadHierarchy(structurePath, frameworkPath string, env Env, lg lang) (*responsibility.Hierarchy, error) {
	st := sample.Structure()
	if structurePath != "" {
		data, err := readInput(structurePath, env)
		if err != nil {
			return nil, err
		}
		if st, err = responsibility.ParseStructure(data); err != nil {
			return nil, fmt.Errorf("%s: %w", structurePath, err)
		}
	}
	var fw *zerenv1.Framework
	if frameworkPath != "" {
		data, err := readInput(frameworkPath, env)
		if err != nil {
			return nil, err
		}
		if fw, err = responsibility.ParseFramework(data); err != nil {
			return nil, fmt.Errorf("%s: %w", frameworkPath, err)
		}
	} else {
		var ok bool
		if fw, ok = frameworks.ByID(st.GetFrameworkId()); !ok {
			return nil, fmt.Errorf(lg.t("组织结构所用的责任体系 %q 不是内置的：请用 -framework 指定文件",
				"the structure's framework %q is not built in: give it with -framework"), st.GetFrameworkId())
		}
	}
	return responsibility.New(fw, st, responsibility.WithLocation(sample.Location))
}

// readDocList reads a list document with its library parser — a JSON array
// or a set message in JSON or textproto, errors naming the field at fault
// (e.g. "facts[2].metrics") — or, for JSON lines (several top-level JSON
// objects), one message per line.
func readDocList[T proto.Message](name string, env Env, parse func([]byte) ([]T, error)) ([]T, error) {
	data, err := readInput(name, env)
	if err != nil {
		return nil, err
	}
	if jsonLines(data) {
		return parseList(name, data, parse)
	}
	out, err := parse(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return out, nil
}

// jsonLines reports whether data holds more than one top-level JSON value,
// or one object that is not a set (its first key is not the set's list).
func jsonLines(data []byte) bool {
	trimmed := bytes.TrimLeft(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")), " \t\r\n")
	if len(trimmed) == 0 || trimmed[0] != '{' {
		return false
	}
	dec := json.NewDecoder(bytes.NewReader(trimmed))
	var first map[string]json.RawMessage
	if err := dec.Decode(&first); err != nil {
		return false
	}
	if dec.More() {
		return true
	}
	for _, set := range []string{"facts", "reviews"} {
		if _, ok := first[set]; ok && len(first) == 1 {
			return false
		}
	}
	return true
}

// parseList decodes JSON lines, one message per line, each with the
// library's parser (so that dates and errors are as in a whole document),
// naming the line at fault.
func parseList[T proto.Message](name string, data []byte, parse func([]byte) ([]T, error)) ([]T, error) {
	var out []T
	dec := json.NewDecoder(bytes.NewReader(data))
	for i := 1; ; i++ {
		var raw json.RawMessage
		if err := dec.Decode(&raw); err == io.EOF {
			break
		} else if err != nil {
			return nil, &lineError{name: name, item: i, err: fmt.Errorf("want a JSON array or JSON lines: %w", err)}
		}
		items, err := parse(append(append([]byte("["), raw...), ']'))
		if err != nil {
			return nil, &lineError{name: name, item: i, err: err}
		}
		out = append(out, items...)
	}
	return out, nil
}

// lineError is a problem in item n of a JSON lines file.
type lineError struct {
	name string
	item int
	err  error
}

func (e *lineError) Error() string { return fmt.Sprintf("%s: item %d: %v", e.name, e.item, e.err) }
func (e *lineError) Unwrap() error { return e.err }

// reInstant is an instant as protojson writes it, in UTC.
var reInstant = regexp.MustCompile(`"(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z)"`)

// localInstants rewrites the instants protojson wrote in UTC into loc's
// offset — the same instants, but a due date reads "2026-01-31T00:00:00+08:00",
// not "2026-01-30T16:00:00Z", the day before.
func localInstants(js []byte, loc *time.Location) []byte {
	return reInstant.ReplaceAllFunc(js, func(m []byte) []byte {
		t, err := time.Parse(time.RFC3339Nano, string(m[1:len(m)-1]))
		if err != nil {
			return m
		}
		return []byte(`"` + t.In(loc).Format(time.RFC3339Nano) + `"`)
	})
}
