# fish completion for aihub: `aihub completion fish` prints it. Do not edit.
function __aihub_complete
    env _AIHUB_COMPLETE=complete_fish _TYPER_COMPLETE_FISH_ACTION=get-args \
        _TYPER_COMPLETE_ARGS=(commandline -cp) aihub 2>/dev/null
end

# --no-files everywhere, not only where aihub has an answer: aihub takes no file names.
complete --command aihub --no-files --arguments "(__aihub_complete)"
