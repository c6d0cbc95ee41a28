package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"regexp"
	"runtime/debug"
	"sort"
	"strings"

	"github.com/zerenlab/zeren/cmd/internal/daemon"
	"github.com/zerenlab/zeren/problem"
)

// Exit codes.
const (
	ExitOK       = 0 // done, nothing wrong
	ExitProblems = 1 // the input has problems (a rule, a plan, a broken audit log)
	ExitUsage    = 2 // a usage error, or a file or database that could not be read
)

// Env is what a run of the command sees of its process.
type Env struct {
	Stdin          io.Reader
	Stdout, Stderr io.Writer
	// Getenv reads an environment variable (os.Getenv).
	Getenv func(string) string
	// Terminal tells whether Stderr is a terminal: the progress bar is
	// shown only then, or with -progress.
	Terminal bool
	// BuildInfo reads the binary's build information for `zeren version`;
	// nil means runtime/debug.ReadBuildInfo.
	BuildInfo func() (*debug.BuildInfo, bool)
}

// Main runs `zeren` with args (without the program name) and returns the
// process exit code.
func Main(ctx context.Context, args []string, env Env) int {
	if env.Getenv == nil {
		env.Getenv = func(string) string { return "" }
	}
	if env.Stdin == nil {
		env.Stdin = strings.NewReader("")
	}
	lg := argLang(args, env)
	if len(args) == 0 {
		usage(env.Stderr, lg)
		return ExitUsage
	}
	cmd, rest := args[0], args[1:]
	switch cmd {
	case "check":
		return runCheck(ctx, rest, env)
	case "decompose":
		return runDecompose(ctx, rest, env)
	case "assess":
		return runAssess(ctx, rest, env)
	case "audit":
		return runAudit(ctx, rest, env)
	case "template":
		return runTemplate(ctx, rest, env)
	case "import":
		return runImport(ctx, rest, env)
	case "export":
		return runExport(ctx, rest, env)
	case "person":
		return runPerson(ctx, rest, env)
	case "serve":
		return runServe(ctx, rest, env)
	case "version":
		return runVersion(ctx, rest, env)
	case "help", "-h", "-help", "--help":
		if len(rest) > 0 && rest[0] != "-lang" && !strings.HasPrefix(rest[0], "-lang=") && !strings.HasPrefix(rest[0], "--lang") {
			// zeren help CMD is zeren CMD -h.
			return Main(ctx, append([]string{rest[0], "-h"}, rest[1:]...), env)
		}
		usage(env.Stdout, lg)
		return ExitOK
	case "-lang", "--lang":
		if len(rest) > 0 {
			// zeren -lang en CMD …: the language before the command.
			return Main(ctx, append(rest[1:], "-lang", rest[0]), env)
		}
	}
	if strings.HasPrefix(cmd, "-lang=") || strings.HasPrefix(cmd, "--lang=") {
		return Main(ctx, append(rest, cmd), env)
	}
	fmt.Fprintf(env.Stderr, lg.t("zeren：未知命令 %q\n\n", "zeren: unknown command %q\n\n"), cmd)
	usage(env.Stderr, lg)
	return ExitUsage
}

const usageZh = `用法：zeren <命令> [参数] [文件…]

Zeren（责任）的命令行，供管理员和脚本使用：机关党建主体责任的规则、清单和考核。

命令：
  check      编译 CEL 规则文件，按“文件:行:列”报告问题（规则检查）
  decompose  把年度“三张清单”分解到岗位、人员和期间（任务分解）
  assess     按指标体系为各单位评分、定等次、排名（综合考核）
  template   生成 Excel 模板：三个清单或述职评议测评表（模板）
  import     读取填好的工作簿，按“工作表!单元格”报告全部问题（导入）
  export     导出分解表、督办台账、考核评分表、问责建议（xlsx）或年度报告（html）（导出）
  audit      校验 zerend 数据库中链式哈希的审计日志（审计日志校验）
  person     一名干部一年的情况：任职、所领导组织的等次、述职评议、问责建议、评先评优资格（个人年度画像）
  serve      运行服务端 zerend（参数与 zerend 相同）
  version    显示版本、源码修订号和 Go 版本
  help       显示本帮助；“zeren help <命令>”显示该命令的帮助

示例：
  zeren check -kind ratio rules/*.cel
  zeren decompose -as-of 2026-07-01
  zeren assess -unit czj -lang en
  zeren audit verify -db ./zeren.db
  zeren version

每个命令都接受 -lang zh|en（默认 zh，或环境变量 ZEREN_LANG）和 -h（帮助）；参数可以写在文件名之前或之后，
“--”之后的一切都按文件名处理。不给输入文件时，decompose 和 assess 使用示例市的数据。
日期写作 YYYY-MM-DD，按当地时区（默认 UTC+8）当日零时理解。
退出码：0 正常；1 输入有问题；2 用法错误或无法读取输入。
`

const usageEn = `Usage: zeren <command> [flags] [files…]

Zeren (责任) for administrators and scripts: rules, lists and assessment of the
responsibility for Party building in government organs (机关党建主体责任).

Commands:
  check      compile CEL rule files and report problems as FILE:LINE:COLUMN (规则检查)
  decompose  break a year's three lists down to posts, people and periods (任务分解)
  assess     score the units on the indicator system, grade and rank them (综合考核)
  template   write an Excel template: the three lists or the 述职评议测评表 (模板)
  import     read a filled workbook into JSON, every problem by sheet and cell (导入)
  export     write 分解表, 督办台账, 考核评分表, 问责建议 (xlsx) or the annual report (html) (导出)
  audit      verify the hash-chained audit log of a zerend database (审计日志校验)
  person     what a year meant for one cadre: posts, grades, 述职评议, proposals, eligibility (个人年度画像)
  serve      run zerend, the server (the same flags as zerend)
  version    print the version, the source revision and the Go version
  help       print this help; "zeren help <command>" prints the command's

Examples:
  zeren check -kind ratio rules/*.cel
  zeren decompose -as-of 2026-07-01
  zeren assess -unit czj -lang en
  zeren audit verify -db ./zeren.db
  zeren version

Every command takes -lang zh|en (default zh, or $ZEREN_LANG) and -h (help). Flags may
come before or after file names; everything after "--" is a file name. Without input
files, decompose and assess use 示例市, the sample city.
Dates are written YYYY-MM-DD and mean 00:00 of that day in the locality's zone (UTC+8 by default).
Exit codes: 0 ok, 1 problems found in the input, 2 usage error or unreadable input.
`

func usage(w io.Writer, l lang) { fmt.Fprint(w, l.t(usageZh, usageEn)) }

// lang is the language of a command's messages.
type lang string

// t picks the message in the language.
func (l lang) t(zh, en string) string {
	if l == "en" {
		return en
	}
	return zh
}

// envLang is the language of $ZEREN_LANG, for messages before -lang is parsed.
func envLang(env Env) lang {
	if env.Getenv("ZEREN_LANG") == "en" {
		return "en"
	}
	return "zh"
}

// argLang is the language args ask for with -lang (wherever it stands, up to
// "--"), else $ZEREN_LANG's, so that help and usage errors printed before the
// flags are parsed are in the language asked for.
func argLang(args []string, env Env) lang {
	l := envLang(env)
	for i, a := range args {
		switch {
		case a == "--":
			return l
		case (a == "-lang" || a == "--lang") && i+1 < len(args):
			l = lang(args[i+1])
		case strings.HasPrefix(a, "-lang=") || strings.HasPrefix(a, "--lang="):
			l = lang(a[strings.IndexByte(a, '=')+1:])
		}
	}
	if l != "en" {
		l = "zh"
	}
	return l
}

// langFlag registers -lang on fs.
func langFlag(fs *flag.FlagSet, env Env) *string {
	return fs.String("lang", string(envLang(env)), "language of messages: zh or en (env ZEREN_LANG)")
}

// command describes a command for its help: what it does, in both
// languages, its flags' descriptions in Chinese (the English ones are the
// flags' own usage strings), examples and exit codes.
type command struct {
	name                 string
	synopsisZh, synopsis string
	aboutZh, about       string
	flagsZh              map[string]string
	examples             []string
	exitZh, exit         string
	// textZh and text, when set, are the whole help.
	textZh, text string
}

// help writes the command's help in lg, its flags taken from fs.
func (c *command) help(w io.Writer, fs *flag.FlagSet, lg lang) {
	if c.text != "" {
		fmt.Fprint(w, lg.t(c.textZh, c.text))
		return
	}
	fmt.Fprintf(w, "%s%s\n\n%s\n", lg.t("用法：", "Usage: "), lg.t(c.synopsisZh, c.synopsis), strings.TrimRight(lg.t(c.aboutZh, c.about), "\n"))
	if fs != nil {
		fmt.Fprintln(w, lg.t("\n参数：", "\nFlags:"))
		var names []string
		fs.VisitAll(func(f *flag.Flag) { names = append(names, f.Name) })
		sort.Strings(names)
		for _, n := range names {
			f := fs.Lookup(n)
			kind, u := flag.UnquoteUsage(f)
			if zh, ok := c.flagsZh[n]; ok && lg != "en" {
				u = zh
			}
			head := "  -" + n
			if zh, ok := kindZh[kind]; ok && lg != "en" {
				kind = zh
			}
			if kind != "" {
				head += " " + kind
			}
			def := ""
			if f.DefValue != "" && f.DefValue != "false" {
				def = lg.t("（默认 ", " (default ") + f.DefValue + lg.t("）", ")")
			}
			fmt.Fprintf(w, "%s\n    \t%s%s\n", head, strings.ReplaceAll(u, "\n", "\n    \t"), def)
		}
	}
	if len(c.examples) > 0 {
		fmt.Fprintln(w, lg.t("\n示例：", "\nExamples:"))
		for _, e := range c.examples {
			fmt.Fprintf(w, "  %s\n", e)
		}
	}
	if c.exitZh != "" {
		fmt.Fprintf(w, "\n%s%s\n", lg.t("退出码：", "Exit codes: "), lg.t(c.exitZh, c.exit))
	}
}

// kindZh names the kinds of flag values in Chinese.
var kindZh = map[string]string{"string": "文本", "date": "日期", "int": "整数", "uint": "整数", "duration": "时长", "float": "数", "value": "值"}

// newFlags returns the flag set of command c, its help in the language
// asked for.
func newFlags(c *command, args []string, env Env) (*flag.FlagSet, *string) {
	fs := flag.NewFlagSet(c.name, flag.ContinueOnError)
	fs.SetOutput(io.Discard) // parse reports errors itself, in the language
	l := langFlag(fs, env)
	fs.Usage = func() {} // parse prints the help, or names the error
	return fs, l
}

// isHelp reports whether a is a request for help.
func isHelp(a string) bool { return a == "-h" || a == "-help" || a == "--help" || a == "--h" }

// interspersed moves the flags in args before the arguments, so that a flag
// after a file name is a flag ("zeren check a.cel -lang en"). A lone "-"
// (standard input) is an argument; "--" ends the flags and everything after
// it is an argument.
func interspersed(fs *flag.FlagSet, args []string) []string {
	var flags, rest []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			rest = append(rest, args[i+1:]...)
			break
		}
		if len(a) < 2 || a[0] != '-' {
			rest = append(rest, a)
			continue
		}
		flags = append(flags, a)
		name := strings.TrimLeft(a, "-")
		if strings.Contains(name, "=") {
			continue
		}
		f := fs.Lookup(name)
		if f == nil {
			continue // unknown: fs.Parse refuses it
		}
		if b, ok := f.Value.(interface{ IsBoolFlag() bool }); ok && b.IsBoolFlag() {
			continue
		}
		if i+1 == len(args) {
			return flags // the value is missing: fs.Parse says so
		}
		i++
		flags = append(flags, args[i])
	}
	return append(append(flags, "--"), rest...)
}

var (
	reUndefined = regexp.MustCompile(`^flag provided but not defined: (.*)$`)
	reNeedsArg  = regexp.MustCompile(`^flag needs an argument: (.*)$`)
	reBadValue  = regexp.MustCompile(`^invalid (?:boolean )?value "(.*)" for flag (\S+): (.*)$`)
)

// flagErrorZh translates the flag package's errors.
func flagErrorZh(err error) string {
	s := err.Error()
	if m := reUndefined.FindStringSubmatch(s); m != nil {
		return "未知参数 " + m[1]
	}
	if m := reNeedsArg.FindStringSubmatch(s); m != nil {
		return "参数 " + m[1] + " 缺少值"
	}
	if m := reBadValue.FindStringSubmatch(s); m != nil {
		return fmt.Sprintf("参数 %s 的值“%s”无效：%s", m[2], problem.Printable(m[1]), m[3])
	}
	return s
}

// parse parses a command's flags, wherever they stand among the arguments;
// it returns the language and an exit code with ok false when the command
// must stop: after -h (help on standard output, exit 0) or a usage error
// (named on standard error, exit 2).
func parse(c *command, fs *flag.FlagSet, l *string, args []string, env Env) (lang, int, bool) {
	pre := argLang(args, env)
	if err := fs.Parse(interspersed(fs, args)); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			c.help(env.Stdout, fs, pre)
			return "", ExitOK, false
		}
		fmt.Fprintf(env.Stderr, "%s%s%s\n", fs.Name(), pre.t("：", ": "), pre.t(flagErrorZh(err), err.Error()))
		fmt.Fprintf(env.Stderr, pre.t("用 “%s -h” 查看用法\n", "run \"%s -h\" for its usage\n"), fs.Name())
		return "", ExitUsage, false
	}
	if *l != "zh" && *l != "en" {
		fmt.Fprintf(env.Stderr, "%s%s-lang %q: %s\n", fs.Name(), pre.t("：", ": "), *l, pre.t("应为 zh 或 en", "want zh or en"))
		return "", ExitUsage, false
	}
	return lang(*l), ExitOK, true
}

// readInput reads a file, or standard input for "-".
func readInput(name string, env Env) ([]byte, error) {
	if name == "-" {
		return io.ReadAll(env.Stdin)
	}
	return os.ReadFile(name)
}

// runServe runs zerend; -h prints the serve help with the zerend flags.
func runServe(ctx context.Context, args []string, env Env) int {
	lg := argLang(args, env)
	var pass []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "--":
			pass = append(pass, args[i:]...)
			i = len(args)
		case isHelp(a):
			fs := flag.NewFlagSet("zeren serve", flag.ContinueOnError)
			var cfg daemon.Config
			cfg.RegisterFlags(fs)
			serveCommand.help(env.Stdout, fs, lg)
			return ExitOK
		case a == "-lang" || a == "--lang":
			i++ // the language is for zeren's messages; zerend logs JSON
		case strings.HasPrefix(a, "-lang=") || strings.HasPrefix(a, "--lang="):
		default:
			pass = append(pass, a)
		}
	}
	return daemon.Main(ctx, "zeren serve", pass, env.Getenv, env.Stderr)
}

var serveCommand = &command{
	name:       "zeren serve",
	synopsisZh: "zeren serve [zerend 的参数]",
	synopsis:   "zeren serve [zerend flags]",
	aboutZh: `运行服务端 zerend：通过 HTTP/1.1 和 h2c 提供 zeren.v1 服务（gRPC、gRPC-Web、Connect），
以及 GET /healthz 和 GET /readyz。参数与 zerend 相同，也可用环境变量 ZEREN_* 给出；日志为 JSON，写到标准错误。`,
	about: `Runs zerend, the server: the zeren.v1 services (gRPC, gRPC-Web, Connect) over
HTTP/1.1 and h2c, with GET /healthz and GET /readyz. The flags are zerend's, also
given as ZEREN_* environment variables; the log is JSON on standard error.`,
	examples: []string{
		"zeren serve -dev -seed-sample",
		"zeren serve -db /var/lib/zeren/zeren.db -tokens-file /etc/zeren/tokens.json",
		"ZEREN_DB='postgres://zeren@db/zeren' zeren serve",
	},
	exitZh: "0 正常停止；1 运行出错；2 用法错误或配置无效。",
	exit:   "0 stopped; 1 failed while running; 2 usage error or invalid configuration.",
}

// runVersion prints the module version, the VCS revision and the Go version.
func runVersion(_ context.Context, args []string, env Env) int {
	fs, l := newFlags(versionCommand, args, env)
	lg, code, ok := parse(versionCommand, fs, l, args, env)
	if !ok {
		return code
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(env.Stderr, "zeren version%s%s %q\n", lg.t("：", ": "), lg.t("多余的参数", "unexpected arguments"), fs.Args())
		return ExitUsage
	}
	read := env.BuildInfo
	if read == nil {
		read = debug.ReadBuildInfo
	}
	bi, ok := read()
	if !ok {
		fmt.Fprintln(env.Stdout, "zeren", lg.t("（无构建信息）", "(no build information)"))
		return ExitOK
	}
	version := bi.Main.Version
	if version == "" {
		version = "(devel)"
	}
	fmt.Fprintf(env.Stdout, "zeren %s\n", version)
	settings := map[string]string{}
	for _, s := range bi.Settings {
		settings[s.Key] = s.Value
	}
	if rev := settings["vcs.revision"]; rev != "" {
		if settings["vcs.modified"] == "true" {
			rev += lg.t("（有未提交的修改）", " (modified)")
		}
		fmt.Fprintf(env.Stdout, "%s %s\n", lg.t("修订：", "revision:"), rev)
		if t := settings["vcs.time"]; t != "" {
			fmt.Fprintf(env.Stdout, "%s %s\n", lg.t("提交时间：", "committed:"), t)
		}
	} else {
		fmt.Fprintln(env.Stdout, lg.t("修订： 未知（不是从 git 工作区构建的）", "revision: unknown (not built from a git checkout)"))
	}
	for _, d := range bi.Deps {
		if d.Path == "github.com/zerenlab/zeren" {
			v := d.Version
			if d.Replace != nil {
				v += " => " + d.Replace.Path
				if d.Replace.Version != "" {
					v += " " + d.Replace.Version
				}
			}
			fmt.Fprintf(env.Stdout, "%s %s %s\n", lg.t("库：", "library:"), d.Path, v)
		}
	}
	fmt.Fprintf(env.Stdout, "%s %s\n", lg.t("Go：", "go:"), bi.GoVersion)
	return ExitOK
}

var versionCommand = &command{
	name:       "zeren version",
	synopsisZh: "zeren version [-lang zh|en]",
	synopsis:   "zeren version [-lang zh|en]",
	aboutZh:    "显示 zeren 的模块版本、构建所用的源码修订号（git）及其提交时间、所用的 Zeren 库版本和 Go 版本。",
	about:      "Prints zeren's module version, the source revision (git) it was built from and its time, the Zeren library version and the Go version.",
	flagsZh:    map[string]string{"lang": "消息语言：zh 或 en（环境变量 ZEREN_LANG）"},
	examples:   []string{"zeren version", "zeren version -lang en"},
	exitZh:     "0 正常；2 用法错误。",
	exit:       "0 ok; 2 usage error.",
}
