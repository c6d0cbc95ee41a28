package cli

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"

	"github.com/zerenlab/zeren/assessment"
	"github.com/zerenlab/zeren/checklist"
	"github.com/zerenlab/zeren/frameworks"
	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
	"github.com/zerenlab/zeren/responsibility"
	"github.com/zerenlab/zeren/sample"
)

// fail prints err for command cmd and returns its exit code: ExitProblems
// when the input was read but is not valid (every problem is listed),
// ExitUsage when it could not be read.
func fail(env Env, cmd string, err error) int {
	fmt.Fprintf(env.Stderr, "%s: %v\n", cmd, err)
	var rv *responsibility.ValidationError
	var cv *checklist.ValidationError
	var av *assessment.ValidationError
	if errors.As(err, &rv) || errors.As(err, &cv) || errors.As(err, &av) {
		return ExitProblems
	}
	return ExitUsage
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
func readDocList[T proto.Message](name string, env Env, parse func([]byte) ([]T, error), newT func() T) ([]T, error) {
	data, err := readInput(name, env)
	if err != nil {
		return nil, err
	}
	if jsonLines(data) {
		return parseList(name, data, newT)
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

// parseList decodes a JSON array of protojson messages, as the sample data
// are written, or one message per line (JSON lines).
func parseList[T proto.Message](name string, data []byte, newT func() T) ([]T, error) {
	var raws []json.RawMessage
	if err := json.Unmarshal(data, &raws); err != nil {
		// Not an array: JSON lines.
		raws = raws[:0]
		dec := json.NewDecoder(bytes.NewReader(data))
		for {
			var raw json.RawMessage
			if err := dec.Decode(&raw); err == io.EOF {
				break
			} else if err != nil {
				return nil, fmt.Errorf("%s: want a JSON array or JSON lines: %w", name, err)
			}
			raws = append(raws, raw)
		}
	}
	out := make([]T, len(raws))
	for i, raw := range raws {
		out[i] = newT()
		if err := protojson.Unmarshal(raw, out[i]); err != nil {
			return nil, fmt.Errorf("%s: item %d: %w", name, i+1, err)
		}
	}
	return out, nil
}
