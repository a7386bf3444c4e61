// Enhancements only: every form works without this script.
(function () {
  "use strict";
  // A chosen draft file is shown in the text box, so it can be read and edited before the check.
  var file = document.querySelector('form[action="/draft"] input[type="file"]');
  var text = document.getElementById("text");
  if (file && text && window.FileReader) {
    file.addEventListener("change", function () {
      var chosen = file.files && file.files[0];
      if (!chosen || chosen.size > 1000000) { return; }
      var reader = new FileReader();
      reader.onload = function () {
        text.value = String(reader.result);
        var name = document.getElementById("name");
        if (name) { name.value = chosen.name; }
        file.value = "";  // the text box, now holding the file, is what is sent
      };
      reader.readAsText(chosen);
    });
  }
  // After a refused form, move focus to the list of problems so it is read first.
  var summary = document.getElementById("error-summary");
  if (summary) {
    summary.focus();
  } else {
    var result = document.getElementById("result");
    if (result) { result.scrollIntoView(); }
  }
}());
