#include "config.h"

#include "cmd.h"

int cmd_check(int argc, char **argv, const struct global_opts *g)
{
	return 70;
}
