"""The files aihub keeps and the ones it ships: the cache folder and its entries, the parsed
copies, the kept catalog versions and the state folder, remembered failures, the completion
index, the bundled snapshot and history. Imports only catalog/ and base/."""
