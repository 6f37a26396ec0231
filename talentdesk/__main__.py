import multiprocessing

if __name__ == "__main__":
    # the bundled program is also its own spreadsheet reader (importing.isolate starts it with spawn): a child
    # started that way serves its reader and exits here, before the program's own modules are imported
    multiprocessing.freeze_support()
    from talentdesk.cli import main

    raise SystemExit(main())
