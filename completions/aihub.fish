# fish completion for aihub: `aihub completion fish` prints it. Do not edit.
function __aihub_complete
    set -l reply (env _AIHUB_COMPLETE=complete_fish _TYPER_COMPLETE_FISH_ACTION=get-args \
        _TYPER_COMPLETE_ARGS=(commandline -cp) aihub 2>/dev/null)
    if test "$reply" = ":files:"
        __fish_complete_path (commandline -ct)  # audit PATH and --merge FILE
    else if set -q reply[1]
        printf '%s
' $reply
    end
end

# --no-files everywhere: only audit PATH and --merge FILE take file names, and for those
# aihub says so and the function above offers them.
complete --command aihub --no-files --arguments "(__aihub_complete)"
