#include "config.h"

#include <cmark.h>
#include <csv.h>
#include <curl/curl.h>
#include <idn2.h>
#include <libetpan/libetpan_version.h>
#include <magic.h>
#include <string.h>
#include <yaml.h>

#include "help.h"

#define HELP_WIDTH 79

/* Every long option of every command.  The wording follows doc/embargo.1,
 * shorter. */

static const struct help_option check_opts[] = {
    {"--list", "L",
     "A press list: a name (lists_dir/L.yaml) or a path. Repeat for more. Without it, the "
     "front matter's lists:; the templates are linted against the lists named, or against "
     "every list in lists_dir when none is."},
    {"--help", NULL, "Show this help."},
    {NULL, NULL, NULL},
};

static const struct help_option send_opts[] = {
    {"--list", "L",
     "A press list: a name (lists_dir/L.yaml) or a path. Repeat for more. Default: the "
     "front matter's lists:."},
    {"--dry-run", NULL,
     "Send nothing and record nothing: print the first message's whole MIME source on "
     "stdout and a summary on stderr (recipients per list, merged, suppressed, when it "
     "would go)."},
    {"--out", "DIR",
     "With --dry-run: write every message as DIR/NNNNNN-ADDRESS.eml (DIR is created) "
     "instead of printing the first."},
    {"--test", "ADDR",
     "Send one copy, subject prefixed \"[TEST] \", to ADDR only, at any time; not "
     "journaled. Repeat for more addresses."},
    {"--help", NULL, "Show this help."},
    {NULL, NULL, NULL},
};

static const struct help_option schedule_opts[] = {
    {"--list", "L",
     "A press list: a name (lists_dir/L.yaml) or a path. Repeat for more. Default: the "
     "front matter's lists:."},
    {"--replace", NULL,
     "Swap the content and instant of a release with the same ID that has not started "
     "sending; it then goes at its new instant, even for a run already busy. Refused (65) "
     "once its first message is about to go."},
    {"--advance-list", "L",
     "Send an advance copy, marked \"EMBARGOED UNTIL ...\", to list L at the advance time. "
     "Repeat for more. Overrides the front matter's advance: lists."},
    {"--advance-at", "TIME",
     "When the advance copies go: a date, a time and a zone, before the release instant. "
     "Overrides the front matter's advance: at."},
    {"--help", NULL, "Show this help."},
    {NULL, NULL, NULL},
};

static const struct help_option run_opts[] = {
    {"--resend-unknown", "ID",
     "Send release ID again to its recipients whose outcome is unknown (the server may "
     "or may not have taken their message)."},
    {"--help", NULL, "Show this help."},
    {NULL, NULL, NULL},
};

static const struct help_option bounces_opts[] = {
    {"--dry-run", NULL,
     "Change nothing: print a YAML document, one entry per message read (file, kind, "
     "recipients with address, status, action, class and diagnostic, release, matched)."},
    {"--help", NULL, "Show this help."},
    {NULL, NULL, NULL},
};

static const struct help_option lists_opts[] = {
    {"--name", "NAME", "lists import: the list to write, lists_dir/NAME.yaml."},
    {"--force", NULL, "lists import: replace the list NAME if it exists."},
    {"--help", NULL, "Show this help."},
    {NULL, NULL, NULL},
};

static const struct help_option help_only[] = {
    {"--help", NULL, "Show this help."},
    {NULL, NULL, NULL},
};

static const struct help_option no_opts[] = {
    {NULL, NULL, NULL},
};

static const struct help_command help_table[] = {
    {"check",
     {"check RELEASE [--list L]...", NULL},
     "parse and validate; print the release as understood",
     "Parse and validate a release, its lists and templates and the configuration, and "
     "print the release as embargo understands it: a YAML document with its id, title, "
     "subtitle, status, release line and dateline, the instant (release_at in UTC, "
     "release_local, release_text as written, release_source, zone_rule), contacts, lists, "
     "paragraphs, read_more, sources, warnings and errors. The document is printed even "
     "when there are errors; the errors also go to stderr. Nothing is sent.",
     check_opts,
     "0 valid (warnings allowed); 65 the release, a list or a template is invalid; 66 a "
     "file is missing; 78 the configuration is invalid."},
    {"send",
     {"send RELEASE [--list L]... [--dry-run [--out DIR]] [--test ADDR]...", NULL},
     "send a release now, preview it, or send test copies",
     "Send a release whose instant has passed, or an immediate release that states no "
     "time. A real send is journaled in the spool exactly as run does: sending the same "
     "release again, or the next run, finishes what is left and reaches nobody twice. A "
     "release still under embargo is refused with the time it may go: schedule it.",
     send_opts,
     "0 sent; 69 a recipient failed or its outcome is unknown; 75 deferred, not yet due, "
     "or another process is sending it; 64 usage; 65 invalid input; 66 missing file; 78 "
     "configuration."},
    {"schedule",
     {"schedule RELEASE [--list L]... [--replace] [--advance-list L]... [--advance-at TIME]", NULL},
     "validate and put in the spool for run to send on time",
     "Validate everything a send needs (release, instant, lists, templates, sender, relay) "
     "and put a snapshot of it in the spool; cron's embargo run sends it at its instant, "
     "not a second before. A release already later than max_lateness is refused.",
     schedule_opts,
     "0 scheduled; 64 inconsistent advance options; 65 invalid input, no instant, or "
     "already scheduled (use --replace) or started; 69 too late, missed or cancelled; 75 "
     "held by another process that has not started it; 78 configuration (no smtp.url, no "
     "password source)."},
    {"run",
     {"run [--resend-unknown ID]", NULL},
     "cron entry point: send what is due, resume, retry",
     "Take the spool lock (if another run holds it, exit 0 at once), send every release "
     "that has come due and its advance copies, finish interrupted sends, retry deferred "
     "recipients, mark late releases missed, and stop at run_deadline. Prints nothing "
     "when there is nothing to do; each event also goes to syslog (facility mail) when "
     "not on a terminal.",
     run_opts,
     "0 nothing failed; 69 a recipient failed, is unknown, or a release was missed; 75 "
     "deferred recipients remain; 66 --resend-unknown names no release in the spool."},
    {"status",
     {"status [ID]", NULL},
     "releases and per-recipient states",
     "Without ID: one entry per release in the spool with its state, instant, title and "
     "the count of recipients in each state (sent, failed, deferred, pending, suppressed, "
     "unknown, cancelled, missed). With ID: also every recipient not sent, with its state "
     "and the server's reply.",
     help_only,
     "0; 66 no such release in the spool; 78 configuration."},
    {"cancel",
     {"cancel ID", NULL},
     "stop a scheduled or sending release",
     "Stop release ID: a process sending it stops before its next message, a run that "
     "gets to it later never starts it, and every recipient not yet sent is marked "
     "cancelled. A cancelled release never sends again "
     "(give a corrected release a new id).",
     help_only,
     "0 cancelled, or already sent to everyone; 66 no such release."},
    {"lists",
     {"lists [NAME]", "lists import FILE.csv --name NAME [--force]", NULL},
     "lists with counts; validate one; import a CSV",
     "Without NAME: one row per list in lists_dir with its recipient count, status and "
     "description. With NAME (a name or a path): validate that list, naming every "
     "problem with file:line:column. lists import writes lists_dir/NAME.yaml from a "
     "spreadsheet's CSV export whose first row names the columns, one of them \"email\"; "
     "rows that cannot be imported are skipped and reported.",
     lists_opts,
     "0 valid, or imported; 64 bad list name; 65 an invalid list or CSV, or no row to "
     "import; 66 no such list, CSV or lists_dir; 73 the list exists (use --force)."},
    {"unsubscribe",
     {"unsubscribe ADDR", NULL},
     "add to the suppression file",
     "Add ADDR to suppress_file, so that no release is ever sent to it again, whatever "
     "list names it. Already scheduled releases honour it too.",
     help_only,
     "0 added or already there; 64 not an address."},
    {"bounces",
     {"bounces [--dry-run] [SOURCE]...", NULL},
     "read returned mail; suppress dead addresses",
     "Read the mail that came back (DSNs, feedback reports, auto-replies, the text "
     "bounces of common servers) from each SOURCE, or from bounces.sources: a Maildir, an "
     "mbox file, a message file, imaps://user@host/FOLDER or pop3s://user@host. A report "
     "counts only when it carries the Message-ID embargo gave the recipient it names; the "
     "recipient's journal state becomes bounced, a hard bounce or a complaint adds the "
     "address to suppress_file, soft bounces do after bounces.soft_limit within "
     "bounces.soft_window, policy bounces are only reported. Processed mail is marked and "
     "never read twice. Quiet when there is nothing new.",
     bounces_opts,
     "0 done; 65 bad input; 66 no such source; 69 a server refused us; 75 something waits "
     "for a later run (a release being sent, a server out of reach); 77 login refused; "
     "78 configuration."},
    {"help",
     {"help [COMMAND]", NULL},
     "this overview, or a command's synopsis and options",
     "Print the overview, or the synopsis, options and exit statuses of COMMAND (the same "
     "as embargo COMMAND --help). The manual says more: man embargo.",
     no_opts,
     "0; 64 no such command."},
};

#define HELP_NCOMMANDS (sizeof help_table / sizeof help_table[0])

const struct help_command *help_commands(size_t *n)
{
	*n = HELP_NCOMMANDS;
	return help_table;
}

const struct help_command *help_find(const char *name)
{
	for (size_t i = 0; i < HELP_NCOMMANDS; i++)
		if (strcmp(help_table[i].name, name) == 0)
			return &help_table[i];
	return NULL;
}

/* Print text from column indent to HELP_WIDTH, breaking at spaces; the first
 * line continues wherever the cursor stands at column col. */
static void help_wrap(FILE *fp, const char *text, int col, int indent)
{
	const char *p = text;
	while (*p) {
		size_t word = strcspn(p, " ");
		if (col > indent && col + 1 + (int)word > HELP_WIDTH) {
			fprintf(fp, "\n%*s", indent, "");
			col = indent;
		} else if (col > indent) {
			fputc(' ', fp);
			col++;
		} else if (col < indent) {
			fprintf(fp, "%*s", indent - col, "");
			col = indent;
		}
		fwrite(p, 1, word, fp);
		col += (int)word;
		p += word;
		p += strspn(p, " ");
	}
	fputc('\n', fp);
}

static void help_options(FILE *fp, const struct help_option *o)
{
	if (!o->name)
		return;
	fprintf(fp, "\noptions:\n");
	for (; o->name; o++) {
		int col = fprintf(fp, "  %s%s%s", o->name, o->arg ? " " : "", o->arg ? o->arg : "");
		help_wrap(fp, o->text, col < 22 ? col : HELP_WIDTH, 22);
	}
}

void help_usage(FILE *fp, const char *name, bool full)
{
	const struct help_command *c = help_find(name);
	if (!c)
		return;
	for (size_t i = 0; c->synopsis[i]; i++)
		fprintf(fp, "%s embargo %s\n", i ? "      " : "usage:", c->synopsis[i]);
	if (!full) {
		fprintf(fp, "Try 'embargo help %s'.\n", c->name);
		return;
	}
	fputc('\n', fp);
	help_wrap(fp, c->description, 0, 0);
	help_options(fp, c->options);
	fprintf(fp, "\nexit status:");
	help_wrap(fp, c->exit_status, 12, 2);
	fprintf(fp, "\nGlobal options go before the command. See embargo(1).\n");
}

void help_overview(FILE *fp)
{
	fprintf(fp, "usage: embargo [--config FILE] [-v|-q] COMMAND [ARG]...\n"
	            "       embargo --help | --version\n"
	            "\n"
	            "Holds press releases until their embargo lifts, then sends one email per\n"
	            "journalist over SMTP.\n"
	            "\n"
	            "commands:\n");
	for (size_t i = 0; i < HELP_NCOMMANDS; i++) {
		const struct help_command *c = &help_table[i];
		for (size_t k = 0; c->synopsis[k]; k++)
			fprintf(fp, "  embargo %s\n", c->synopsis[k]);
		fprintf(fp, "      %s\n", c->summary);
	}
	fprintf(fp,
	        "\n"
	        "global options:\n"
	        "  -c, --config FILE   the configuration file (default: $EMBARGO_CONFIG,\n"
	        "                      ./embargo.yaml, $XDG_CONFIG_HOME/embargo/config.yaml,\n"
	        "                      /etc/embargo/config.yaml)\n"
	        "  -v, --verbose       say more\n"
	        "  -q, --quiet         no warnings, summaries or progress: only errors\n"
	        "  -h, --help          show this help\n"
	        "      --version       show the version and the libraries' versions\n"
	        "\n"
	        "'embargo help COMMAND' or 'embargo COMMAND --help' shows a command's options;\n"
	        "the manual: man embargo, embargo.yaml(5), embargo-release(5),\n"
	        "embargo-templates(5).\n");
}

void help_version(FILE *fp)
{
	const curl_version_info_data *cv = curl_version_info(CURLVERSION_NOW);
	fprintf(fp, "embargo %s\n", PACKAGE_VERSION);
	fprintf(fp, "libcurl %s (%s)\n", cv->version, cv->ssl_version ? cv->ssl_version : "no TLS");
	fprintf(fp, "libetpan %d.%d\n", libetpan_get_version_major(), libetpan_get_version_minor());
	fprintf(fp, "libyaml %s\n", yaml_get_version_string());
	fprintf(fp, "libidn2 %s\n", idn2_check_version(NULL));
	fprintf(fp, "cmark %s\n", cmark_version_string());
	fprintf(fp, "libmagic %d.%02d\n", magic_version() / 100, magic_version() % 100);
	/* libcsv has no run-time version call: the headers built against */
	fprintf(fp, "libcsv %d.%d.%d (headers)\n", CSV_MAJOR, CSV_MINOR, CSV_RELEASE);
}
