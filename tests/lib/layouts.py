"""Release layouts written to make a naive walk of a release quadratic, as
functions of their size n, with the n that makes each about a megabyte.
tests/releases.test checks that check's work grows linearly with n;
bench/check-layouts measures how long check takes on them."""

HOSTILE_LAYOUTS = {
    "a contact line of n fields":
        (150000, lambda n: "Headline\n\nBody.\n\nContact: " + "Jane, " * n + "\n"),
    "a contact sentence of n \"or\"":
        (150000, lambda n: "Headline\n\nBody.\n\nFor more information, contact " + "a or b " * n
         + "jane@example.org\n"),
    "n contact emails that are not addresses":
        (60000, lambda n: "Headline\n\nBody.\n\nContact: Jane" + "".join(", x%d@y" % i for i in range(n))
         + "\n"),
    "a head of n lines":
        (100000, lambda n: "Headline\n" + "Sub line\n" * n),
    "n headline-like lines in capitals":
        (100000, lambda n: "A B C\n" * n),
    "n contact blocks after ###":
        (30000, lambda n: "Headline\n\nBody.\n\n###\n\n" + "Jane Doe, 202-555-0101\n\n" * n),
}
