(function(){
var form=document.getElementById('check-form'),out=document.getElementById('result'),
status=document.getElementById('status'),button=document.getElementById('submit');
function say(text,bad){status.textContent=text;status.className=bad?'status bad':'status';}
form.addEventListener('submit',function(e){
  e.preventDefault();
  var body={text:document.getElementById('text-input').value};
  var date=document.getElementById('date-input').value;
  if(date)body.date=date;
  button.disabled=true;say('Checking…',false);
  fetch('v1/check?html=1',{method:'POST',headers:{'Content-Type':'application/json'},
    body:JSON.stringify(body)})
  .then(function(r){return r.json().then(function(d){return {ok:r.ok,status:r.status,data:d};},
    function(){return {ok:false,status:r.status,data:null};});})
  .then(function(r){
    button.disabled=false;
    if(!r.ok){out.textContent='';
      say('Error '+r.status+': '+(r.data&&r.data.error?r.data.error.message:'no answer'),true);return;}
    var s=r.data.summary;
    say(s.claims+(s.claims===1?' claim: ':' claims: ')+s.inconsistent+' inconsistent, '+s.unverifiable+
      ' unverifiable, '+s.consistent+' consistent, '+s.unchecked+' unchecked.',s.inconsistent>0);
    /* r.data.html is built by the server's report renderer, which escapes every piece of text */
    out.innerHTML=r.data.html;
  })
  .catch(function(err){button.disabled=false;out.textContent='';say('Request failed: '+err,true);});
});
})();
