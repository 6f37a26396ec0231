import multiprocessing

from talentdesk.cli import main

if __name__ == "__main__":
    # the bundled program is also its own spreadsheet reader (importing.isolate starts it with spawn): a child
    # started that way serves its reader and exits here, it never runs the program
    multiprocessing.freeze_support()
    raise SystemExit(main())
