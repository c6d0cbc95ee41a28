package daemon

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"runtime/debug"
	"sort"
	"strings"

	"github.com/BurntSushi/toml"

	"github.com/zerenlab/zeren/problem"
)

// ConfigFileEnv names the environment variable with the configuration
// file's path; -config gives it on the command line.
const ConfigFileEnv = "ZEREN_CONFIG"

// configTables are the tables a configuration file may hold.
var configTables = map[string]bool{"tracing": true}

// ApplyConfigFile sets, from a TOML file, every flag of fs that neither
// the command line nor the environment set (call it after [ApplyEnv]): a
// flag wins over its variable, which wins over the file, which wins over
// the default. The file's keys are the flags' names, at the top level:
//
//	addr = "0.0.0.0:8080"
//	db = "postgres://zeren@db.example/zeren"
//	tokens-file = "/etc/zeren/tokens.json"
//	call-timeout = "2m"
//	seed-sample = false
//
// A table stands for the flags that start with its name: the [tracing]
// table's keys (endpoint, sample-ratio, service-name, trust-remote) are
// the tracing- flags:
//
//	[tracing]
//	endpoint = "http://127.0.0.1:4318/v1/traces"
//	sample-ratio = 0.1
//
// A key that is no flag, another table or an array, and a value the flag does
// not parse are errors that name the file, the key and the value; every
// problem is reported at once. The audit key itself has no key (give
// audit-key-file): the file is often readable by more people than the key
// should be.
func ApplyConfigFile(fs *flag.FlagSet, path string) error {
	if path == "" {
		return nil
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("配置文件 %s 无法读取（the configuration file cannot be read）: %w", path, err)
	}
	var doc map[string]any
	if _, err := toml.Decode(string(data), &doc); err != nil {
		return fmt.Errorf("配置文件 %s 不是有效的 TOML（the configuration file is not valid TOML）: %w", path, err)
	}
	given := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { given[f.Name] = true })
	// A table [t] stands for the flags t-key: [tracing] endpoint = … is
	// tracing-endpoint = ….
	type setting struct {
		key, flag string // key as written (tracing.endpoint), flag name
		v         any
	}
	var settings []setting
	for k, v := range doc {
		table, ok := v.(map[string]any)
		if !ok || !configTables[k] {
			settings = append(settings, setting{k, k, v})
			continue
		}
		for sub, v := range table {
			settings = append(settings, setting{k + "." + sub, k + "-" + sub, v})
		}
	}
	sort.Slice(settings, func(i, j int) bool { return settings[i].key < settings[j].key })
	var errs []error
	for _, st := range settings {
		k, v := st.key, st.v
		if fs.Lookup(st.flag) == nil || k == "config" || k == "version" {
			errs = append(errs, fmt.Errorf("配置文件 %s：“%s”不是 zerend 的配置项（%s: %q is not a zerend setting; the keys are the flags' names, see zerend -h）", path, problem.Printable(k), path, k))
			continue
		}
		var s string
		switch v := v.(type) {
		case string:
			s = v
		case bool, int64, float64:
			s = fmt.Sprint(v)
		default:
			errs = append(errs, fmt.Errorf("配置文件 %s：“%s”的值须为字符串、数值或布尔值（%s: %q must be a string, a number or a boolean, not %T）", path, problem.Printable(k), path, k, v))
			continue
		}
		if given[st.flag] {
			continue
		}
		if err := fs.Set(st.flag, s); err != nil {
			errs = append(errs, fmt.Errorf("配置文件 %s：%s 的值“%s”无效（%s: %s = %q: %v）", path, k, problem.Printable(s), path, k, s, err))
		}
	}
	return errors.Join(errs...)
}

// Version describes this build of zerend: its module version, the VCS
// revision and time it was built from (with "+dirty" for a modified tree)
// and the Go toolchain, from the binary's build information.
func Version() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "zerend (unknown build)"
	}
	v := bi.Main.Version
	if v == "" {
		v = "(devel)"
	}
	var rev, at, dirty string
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.time":
			at = s.Value
		case "vcs.modified":
			if s.Value == "true" {
				dirty = "+dirty"
			}
		}
	}
	parts := []string{"zerend " + v}
	if rev != "" {
		parts = append(parts, "revision "+rev+dirty)
	}
	if at != "" {
		parts = append(parts, "built from a commit of "+at)
	}
	parts = append(parts, bi.GoVersion)
	return strings.Join(parts, ", ")
}
