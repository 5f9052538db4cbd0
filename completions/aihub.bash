# bash completion for aihub: `aihub completion bash` prints it. Do not edit.
_aihub_completion() {
    # The line up to the cursor, whole: bash's own words are cut at = and :, which ids and
    # --option=value use. aihub answers with the part after bash's last word break.
    local line="${COMP_LINE:0:COMP_POINT}"
    mapfile -t COMPREPLY < <(env _AIHUB_COMPLETE=complete_bash _AIHUB_COMP_LINE="$line" \
        _AIHUB_WORDBREAKS="$COMP_WORDBREAKS" "$1" 2>/dev/null)
    if [[ ${#COMPREPLY[@]} -eq 1 && ${COMPREPLY[0]} == ":files:" ]]; then
        # audit PATH and --merge FILE: the file names bash itself would offer.
        compopt -o filenames 2>/dev/null
        mapfile -t COMPREPLY < <(compgen -f -- "${COMP_WORDS[COMP_CWORD]-}")
    fi
    return 0
}

complete -F _aihub_completion aihub
